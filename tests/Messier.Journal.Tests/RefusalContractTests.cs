using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Journal.Tests;

/// <summary>
/// The engine's unit tests run on the in-memory journal and hosts on SQLite: both must refuse the
/// same writes with the same exception and message, and store nothing of what they refuse.
/// </summary>
public sealed class RefusalContractTests : IAsyncLifetime, IDisposable
{
    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly LeaseOwner _owner = Sample.Owner("runner-a");
    private IWorkflowJournal? _journal;

    public static TheoryData<string> Journals => new() { "sqlite", "memory" };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_journal is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_second_instance_with_an_existing_id_is_refused(string kind)
    {
        var journal = await OpenWithOneInstanceAsync(kind);

        var error = await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.CreateInstanceAsync(Sample.Instance("i-1", definitionName: "other"), _owner, Sample.LeaseDuration, CancellationToken.None));

        Assert.Equal("Instance 'i-1' already exists in the journal; nothing was written.", error.Message);
        Assert.Equal("pool-create", (await journal.FindInstanceAsync("i-1", CancellationToken.None))!.DefinitionName);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_commit_that_does_not_start_at_the_next_number_is_refused_naming_it(string kind)
    {
        var journal = await OpenWithOneInstanceAsync(kind);

        var gap = await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(2)), _owner, CancellationToken.None));
        var repeat = await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(0)), _owner, CancellationToken.None));

        Assert.Equal("The commit for instance 'i-1' starts at journal sequence number 2, but the journal's next is 1; nothing of it was stored.", gap.Message);
        Assert.Equal("The commit for instance 'i-1' starts at journal sequence number 0, but the journal's next is 1; nothing of it was stored.", repeat.Message);
        await AssertUntouchedAsync(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_commit_whose_own_entries_skip_a_number_is_refused(string kind)
    {
        var journal = await OpenWithOneInstanceAsync(kind);

        var error = await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(1), Sample.Entry(3)), _owner, CancellationToken.None));

        Assert.Equal("The commit for instance 'i-1' has journal sequence number 3 after 1; nothing of it was stored.", error.Message);
        await AssertUntouchedAsync(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_commit_by_another_owner_is_a_lost_lease_naming_the_holder(string kind)
    {
        var journal = await OpenWithOneInstanceAsync(kind);
        var intruder = Sample.Owner("runner-b", pid: 5151);

        var error = await Assert.ThrowsAsync<LeaseLostException>(() =>
            journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(1)), intruder, CancellationToken.None));

        Assert.Equal($"Instance 'i-1' is no longer owned by {intruder.Describe()}: it is held by {_owner.Describe()}; nothing was committed.", error.Message);
        await AssertUntouchedAsync(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task Writes_for_an_instance_the_journal_does_not_hold_are_refused_naming_it(string kind)
    {
        var journal = await OpenWithOneInstanceAsync(kind);

        var commit = await Assert.ThrowsAsync<LeaseLostException>(() =>
            journal.CommitAsync(Sample.Commit("i-unknown", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None));
        var command = await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.RecordCommandAsync("i-unknown", new CommandRecord("step", ["true"], 0, 1, Sample.At(1), string.Empty), CancellationToken.None));

        Assert.Equal("Instance 'i-unknown' is not in the journal; nothing was committed.", commit.Message);
        Assert.Equal("Instance 'i-unknown' is not in the journal; the command record was not stored.", command.Message);
        Assert.Null(await journal.FindInstanceAsync("i-unknown", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task An_instance_created_without_entries_takes_its_first_commit_at_one_as_the_engine_numbers(string kind)
    {
        var journal = await OpenWithOneInstanceAsync(kind);
        await journal.CreateInstanceAsync(Sample.Instance("i-empty") with { Entries = [] }, _owner, Sample.LeaseDuration, CancellationToken.None);

        var zero = await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.CommitAsync(Sample.Commit("i-empty", InstanceStatus.Running, Sample.Entry(0)), _owner, CancellationToken.None));
        await journal.CommitAsync(Sample.Commit("i-empty", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None);

        Assert.Equal("The commit for instance 'i-empty' starts at journal sequence number 0, but the journal's next is 1; nothing of it was stored.", zero.Message);
        Assert.Equal([1L], (await journal.GetJournalAsync("i-empty", CancellationToken.None)).Select(e => e.Sequence));
    }

    private async Task<IWorkflowJournal> OpenWithOneInstanceAsync(string kind)
    {
        var journal = _journal = kind switch
        {
            "sqlite" => (IWorkflowJournal)await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None),
            "memory" => new InMemoryWorkflowJournal(_clock),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such journal"),
        };
        await journal.CreateInstanceAsync(Sample.Instance("i-1"), _owner, Sample.LeaseDuration, CancellationToken.None);
        return journal;
    }

    /// <summary>The instance holds only its creation entry and is still running.</summary>
    private static async Task AssertUntouchedAsync(IWorkflowJournal journal)
    {
        Assert.Equal([0L], (await journal.GetJournalAsync("i-1", CancellationToken.None)).Select(e => e.Sequence));
        Assert.Equal(InstanceStatus.Running, (await journal.FindInstanceAsync("i-1", CancellationToken.None))!.Status);
    }
}
