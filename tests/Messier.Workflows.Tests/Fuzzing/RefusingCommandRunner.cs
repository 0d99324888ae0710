using Messier.Workflows.Commands;

namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>
/// Stands in for the host: a fuzzed definition may name any program, so nothing is started.
/// Every command "exits 1", which makes a Run's observe report pending and its apply fail,
/// both ordinary outcomes the engine must handle.
/// </summary>
internal sealed class RefusingCommandRunner : ICommandRunner
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        return Task.FromResult(new CommandResult(request.Argv, 1, TimeSpan.Zero, DateTimeOffset.UtcNow, string.Empty, "not run: the fuzzer starts no programs", TimedOut: false));
    }
}
