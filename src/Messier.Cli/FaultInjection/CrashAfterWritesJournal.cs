using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Cli.FaultInjection;

/// <summary>
/// A fault-injection seam for the crash tests: with <c>MESSIER_TEST_CRASH_AFTER_WRITES=N</c> set,
/// the process kills itself with SIGKILL right after the Nth journal write (instance creation, a
/// commit, or a command record) has been made durable, the exact boundaries where a real crash
/// is most dangerous. With <c>MESSIER_TEST_WRITES_LOG=FILE</c> it appends one JSON object per write
/// to FILE (<c>{"kind":"created|commit|command","instance":…}</c>; a commit adds its status and
/// entries as <c>{"type","activity","event"}</c>, a command its activity and program), so a crash
/// matrix learns from one uninterrupted run how many boundaries a flow has and what each one is.
/// Without either variable this type is never constructed.
/// </summary>
internal sealed class CrashAfterWritesJournal : ForwardingWorkflowJournal
{
    public const string EnvironmentVariable = "MESSIER_TEST_CRASH_AFTER_WRITES";

    public const string LogVariable = "MESSIER_TEST_WRITES_LOG";

    private readonly int crashAfter;
    private readonly string? log;
    private readonly Lock logLock = new();
    private int writes;

    private CrashAfterWritesJournal(IWorkflowJournal inner, int crashAfter, string? log)
        : base(inner)
    {
        this.crashAfter = crashAfter;
        this.log = log;
    }

    /// <summary>Wraps the journal when the variable asks for it; otherwise returns it as it is.</summary>
    public static IWorkflowJournal WrapIfRequested(IWorkflowJournal journal)
    {
        var crashAfter = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;
        var log = Environment.GetEnvironmentVariable(LogVariable) is { Length: > 0 } path ? path : null;
        return crashAfter > 0 || log is not null ? new CrashAfterWritesJournal(journal, crashAfter, log) : journal;
    }

    public override async Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        await Inner.CreateInstanceAsync(instance, owner, leaseDuration, cancellationToken);
        CountWrite(new JsonObject { ["kind"] = "created", ["instance"] = instance.Id, ["definition"] = instance.DefinitionName });
    }

    public override async Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        await Inner.CommitAsync(commit, owner, cancellationToken);
        CountWrite(new JsonObject
        {
            ["kind"] = "commit",
            ["instance"] = commit.InstanceId,
            ["status"] = commit.Status.ToString(),
            ["entries"] = new JsonArray([.. commit.Entries.Select(e => (JsonNode)new JsonObject { ["type"] = e.ActivityType, ["activity"] = e.ActivityId, ["event"] = e.Event })]),
        });
    }

    public override async Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        await Inner.RecordCommandAsync(instanceId, command, cancellationToken);
        CountWrite(new JsonObject { ["kind"] = "command", ["instance"] = instanceId, ["activity"] = command.ActivityId, ["program"] = command.Argv[0] });
    }

    private void CountWrite(JsonObject what)
    {
        var count = Interlocked.Increment(ref writes);
        if (log is not null)
        {
            lock (logLock)
            {
                File.AppendAllText(log, what.ToJsonString() + "\n");
            }
        }

        if (count == crashAfter)
        {
            Console.Out.Flush();
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }
    }
}
