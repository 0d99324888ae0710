using System.Text.Json.Nodes;
using Messier.Commands;
using Messier.Journal;
using Messier.Workflows.Activities;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Host.Tests.Support;

/// <summary>
/// Runs host activities the way messier does: the real engine, the real CliWrap runner and a real
/// SQLite journal in a temp folder, so a test sees the effect on the host and the journal's record.
/// </summary>
public sealed class StepHarness : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("messier-host-journal-").FullName;
    private SqliteWorkflowJournal? journal;

    public ActivityRegistry Registry { get; } = ActivityRegistry.CreateDefault().AddHostActivities();

    public async Task<SqliteWorkflowJournal> JournalAsync() =>
        journal ??= await SqliteWorkflowJournal.OpenAsync(Path.Combine(folder, "journal.db"), CancellationToken.None);

    /// <summary>Runs a definition whose root is the given activity JSON.</summary>
    public Task<HarnessResult> RunActivityAsync(string activityJson, bool dryRun = false) =>
        RunAsync($$$"""{"name":"harness","root":{{{activityJson}}}}""", dryRun: dryRun);

    public async Task<HarnessResult> RunAsync(string definitionJson, JsonObject? inputs = null, bool dryRun = false)
    {
        var loaded = new DefinitionLoader(Registry).Load(definitionJson, "harness.json");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var store = await JournalAsync();
        var engine = new WorkflowEngine(store, Registry, new CliWrapCommandRunner());
        var given = (inputs ?? []).ToDictionary(p => p.Key, p => p.Value);
        var result = dryRun
            ? await engine.DryRunAsync(loaded.Definition!, given, CancellationToken.None)
            : await engine.StartAsync(loaded.Definition!, given, CancellationToken.None);
        var entries = dryRun ? [] : await store.GetJournalAsync(result.InstanceId, CancellationToken.None);
        var commands = dryRun ? [] : await store.GetCommandsAsync(result.InstanceId, CancellationToken.None);
        return new HarnessResult(result, entries, commands);
    }

    public async ValueTask DisposeAsync()
    {
        if (journal is not null)
        {
            await journal.DisposeAsync();
        }

        Directory.Delete(folder, recursive: true);
    }
}
