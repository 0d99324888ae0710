using Messier.Workflows.Commands;

namespace Messier.Benchmarks;

/// <summary>The bench workflows run no external command; one that tried would be a bug in the benchmark.</summary>
public sealed class NoCommandRunner : ICommandRunner
{
    public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The benchmark workflows run no external commands.");
}
