using System.Text.Json.Nodes;
using Messier.Workflows.Activities;
using Messier.Workflows.Commands;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Messier.Workflows.Runtime;

namespace Messier.Workflows.Tests.Support;

/// <summary>An engine over an in-memory journal with a probe step registered, and helpers to load definitions.</summary>
public sealed class EngineFixture
{
    public EngineFixture(ProbeStepActivity? probe = null, IOwnerLiveness? liveness = null, EngineOptions? options = null, string owner = "runner-a", IWorkflowObserver? observer = null)
    {
        Observer = observer ?? NullWorkflowObserver.Instance;
        Probe = probe ?? new ProbeStepActivity();
        Registry = ActivityRegistry.CreateDefault().Register(Probe);
        Liveness = liveness ?? new FixedLiveness(true);
        Options = options ?? EngineOptions.Default;
        Engine = NewEngine(owner);
    }

    public InMemoryWorkflowJournal Journal { get; } = new();

    public ProbeStepActivity Probe { get; }

    public ActivityRegistry Registry { get; }

    public IOwnerLiveness Liveness { get; }

    public IWorkflowObserver Observer { get; }

    public EngineOptions Options { get; }

    public WorkflowEngine Engine { get; }

    public ICommandRunner Commands { get; set; } = new UnusedCommandRunner();

    /// <summary>A second runner on the same journal (another process, as far as leases go).</summary>
    public WorkflowEngine NewEngine(string owner) =>
        new(Journal, Registry, new UnusedCommandRunner(), Observer, Options, liveness: Liveness, owner: new LeaseOwner("test-host", 1, 1, owner), definitions: new NamedDefinitions(this));

    /// <summary>Definitions that Call activities find by name.</summary>
    public Dictionary<string, string> Named { get; } = new(StringComparer.Ordinal);

    public WorkflowDefinition Load(string json)
    {
        var result = new DefinitionLoader(Registry).Load(json, "test.json");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Definition!;
    }

    public Task<RunResult> StartAsync(string json, JsonObject? inputs = null, CancellationToken cancellationToken = default) =>
        Engine.StartAsync(Load(json), (inputs ?? []).ToDictionary(p => p.Key, p => p.Value), cancellationToken);

    public async Task<IReadOnlyList<JournalEntry>> EntriesAsync(string instanceId) => await Journal.GetJournalAsync(instanceId, CancellationToken.None);

    private sealed class NamedDefinitions(EngineFixture fixture) : IDefinitionResolver
    {
        public DefinitionLoadResult Resolve(string name) =>
            fixture.Named.TryGetValue(name, out var json)
                ? new DefinitionLoader(fixture.Registry).Load(json, name + ".json")
                : new DefinitionLoadResult(null, [new ValidationError(name, "$", null, null, "no such definition")]);
    }

    private sealed class UnusedCommandRunner : ICommandRunner
    {
        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("These engine tests run no external commands.");
    }
}
