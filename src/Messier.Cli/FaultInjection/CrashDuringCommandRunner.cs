using System.Diagnostics;
using System.Globalization;
using Messier.Workflows.Commands;

namespace Messier.Cli.FaultInjection;

/// <summary>
/// A fault-injection seam for the crash tests, beside <see cref="CrashAfterWritesJournal"/>: with
/// <c>MESSIER_TEST_CRASH_DURING_COMMAND=N</c> set, the process kills itself with SIGKILL while its
/// Nth external command runs: once the command's process exists, before its result is known or
/// journaled. That is a crash during a step's apply (half a <c>zfs create</c>, half a copy, a
/// daemon half started), which the journal's write boundaries alone never reach. The command
/// itself is left running, as a real crash leaves it. Without the variable this type is never
/// constructed.
/// </summary>
internal sealed class CrashDuringCommandRunner : ICommandRunner
{
    public const string EnvironmentVariable = "MESSIER_TEST_CRASH_DURING_COMMAND";

    private readonly ICommandRunner inner;
    private readonly int crashDuring;
    private int commands;

    private CrashDuringCommandRunner(ICommandRunner inner, int crashDuring)
    {
        this.inner = inner;
        this.crashDuring = crashDuring;
    }

    /// <summary>Wraps the runner when the variable asks for it; otherwise returns it as it is.</summary>
    public static ICommandRunner WrapIfRequested(ICommandRunner runner) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? new CrashDuringCommandRunner(runner, n)
                : runner;

    public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref commands) != crashDuring)
        {
            return await inner.RunAsync(request, cancellationToken);
        }

        var before = Children();
        var running = inner.RunAsync(request, cancellationToken);

        // Die once the command's process is there (or, for a command quicker than we look, once it
        // has ended but before anyone learns its result).
        var deadline = Stopwatch.StartNew();
        while (!running.IsCompleted && !Children().Except(before).Any() && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(2, CancellationToken.None);
        }

        Console.Out.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
        return await running;
    }

    public Task<IReadOnlyList<string>> StopLeftoversAsync(string runnerId, CancellationToken cancellationToken) =>
        inner.StopLeftoversAsync(runnerId, cancellationToken);

    /// <summary>This process's child processes, from every thread's /proc children list.</summary>
    private static HashSet<string> Children()
    {
        var children = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{Environment.ProcessId}/task"))
        {
            try
            {
                children.UnionWith(File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return children;
    }
}
