using System.Diagnostics;
using System.Globalization;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Cli.FaultInjection;

/// <summary>
/// A fault-injection seam for the crash tests: with <c>MESSIER_TEST_CRASH_AFTER_WRITES=N</c> set,
/// the process kills itself with SIGKILL right after the Nth journal write (instance creation, a
/// commit, or a command record) has been made durable, the exact boundaries where a real crash
/// is most dangerous. Without the variable this type is never constructed.
/// </summary>
internal sealed class CrashAfterWritesJournal : ForwardingWorkflowJournal
{
    public const string EnvironmentVariable = "MESSIER_TEST_CRASH_AFTER_WRITES";

    private readonly int crashAfter;
    private int writes;

    private CrashAfterWritesJournal(IWorkflowJournal inner, int crashAfter)
        : base(inner)
    {
        this.crashAfter = crashAfter;
    }

    /// <summary>Wraps the journal when the variable asks for it; otherwise returns it as it is.</summary>
    public static IWorkflowJournal WrapIfRequested(IWorkflowJournal journal) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? new CrashAfterWritesJournal(journal, n)
            : journal;

    public override async Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await Inner.CreateInstanceAsync(instance, owner, leaseDuration, cancellationToken);
        CountWrite();
    }

    public override async Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        await Inner.CommitAsync(commit, owner, cancellationToken);
        CountWrite();
    }

    public override async Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        await Inner.RecordCommandAsync(instanceId, command, cancellationToken);
        CountWrite();
    }

    private void CountWrite()
    {
        if (Interlocked.Increment(ref writes) == crashAfter)
        {
            Console.Out.Flush();
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }
}
