using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Journal.Tests;

public sealed class QueryTests : IAsyncLifetime, IDisposable
{
    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly LeaseOwner _owner = Sample.Owner("runner-a");
    private SqliteWorkflowJournal _journal = null!;

    /// <summary>
    /// Six instances, one second apart (a0 oldest): a0 finished, a1 faulted, b2 running, ab3 finished,
    /// b4 suspended, a5 running; a* run "pool-create", b* run "docker-move".
    /// </summary>
    public async Task InitializeAsync()
    {
        _journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        (string Id, string Definition, InstanceStatus Status)[] instances =
        [
            ("a0", "pool-create", InstanceStatus.Finished),
            ("a1", "pool-create", InstanceStatus.Faulted),
            ("b2", "docker-move", InstanceStatus.Running),
            ("ab3", "pool-create", InstanceStatus.Finished),
            ("b4", "docker-move", InstanceStatus.Suspended),
            ("a5", "pool-create", InstanceStatus.Running),
        ];
        foreach (var (id, definition, status) in instances)
        {
            await _journal.CreateInstanceAsync(Sample.Instance(id, definition, $"hash-{definition}"), _owner, Sample.LeaseDuration, CancellationToken.None);
            if (status != InstanceStatus.Running)
            {
                await _journal.CommitAsync(Sample.Commit(id, status, Sample.Entry(1)), _owner, CancellationToken.None);
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ListsNewestFirst()
    {
        Assert.Equal(["a5", "b4", "ab3", "b2", "a1", "a0"], await List(new InstanceQuery([])));
    }

    [Fact]
    public async Task FiltersByStatusesDefinitionAndIdPrefix()
    {
        Assert.Equal(["ab3", "a0"], await List(new InstanceQuery([InstanceStatus.Finished])));
        Assert.Equal(["a5", "b4", "b2"], await List(new InstanceQuery([InstanceStatus.Running, InstanceStatus.Suspended])));
        Assert.Equal(["b4", "b2"], await List(new InstanceQuery([], DefinitionName: "docker-move")));
        Assert.Equal(["a5", "ab3", "a1", "a0"], await List(new InstanceQuery([], IdPrefix: "a")));
        Assert.Equal(["ab3"], await List(new InstanceQuery([InstanceStatus.Finished], "pool-create", "ab")));
        Assert.Empty(await List(new InstanceQuery([InstanceStatus.Interrupted])));
    }

    [Fact]
    public async Task IdPrefixIsCaseSensitiveAndTakesWildcardsLiterally()
    {
        Assert.Empty(await List(new InstanceQuery([], IdPrefix: "A")));
        Assert.Empty(await List(new InstanceQuery([], IdPrefix: "_")));
        Assert.Empty(await List(new InstanceQuery([], IdPrefix: "%")));
    }

    [Fact]
    public async Task PagesWithSkipAndTake()
    {
        Assert.Equal(["a5", "b4"], await List(new InstanceQuery([], Take: 2)));
        Assert.Equal(["ab3", "b2"], await List(new InstanceQuery([], Skip: 2, Take: 2)));
        Assert.Equal(["a1", "a0"], await List(new InstanceQuery([], Skip: 4)));
        Assert.Equal(["a0"], await List(new InstanceQuery([InstanceStatus.Finished, InstanceStatus.Faulted], Skip: 2, Take: 5)));
        Assert.Empty(await List(new InstanceQuery([], Skip: 6)));
    }

    [Fact]
    public async Task FindsByPrefixUpToTheLimit()
    {
        var found = await _journal.FindInstancesByPrefixAsync("a", 10, CancellationToken.None);
        Assert.Equal(["a0", "a1", "a5", "ab3"], found.Select(i => i.Id).Order(StringComparer.Ordinal));

        Assert.Equal(2, (await _journal.FindInstancesByPrefixAsync("a", 2, CancellationToken.None)).Count);
        Assert.Equal("ab3", Assert.Single(await _journal.FindInstancesByPrefixAsync("ab", 2, CancellationToken.None)).Id);
        Assert.Empty(await _journal.FindInstancesByPrefixAsync("c", 2, CancellationToken.None));
    }

    [Fact]
    public async Task CountsByStoredStatus()
    {
        var counts = await _journal.CountByStatusAsync(CancellationToken.None);

        Assert.Equal(
            new Dictionary<InstanceStatus, int>
            {
                [InstanceStatus.Running] = 2,
                [InstanceStatus.Finished] = 2,
                [InstanceStatus.Faulted] = 1,
                [InstanceStatus.Suspended] = 1,
            },
            counts);
    }

    private async Task<string[]> List(InstanceQuery query) =>
        [.. (await _journal.ListInstancesAsync(query, CancellationToken.None)).Select(i => i.Id)];
}
