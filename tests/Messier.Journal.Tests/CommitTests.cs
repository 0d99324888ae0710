using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Microsoft.EntityFrameworkCore;

namespace Messier.Journal.Tests;

public sealed class CommitTests : IAsyncLifetime, IDisposable
{
    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly LeaseOwner _owner = Sample.Owner("runner-a");
    private SqliteWorkflowJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await _journal.CreateInstanceAsync(Sample.Instance("i-1"), _owner, Sample.LeaseDuration, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CommitAppendsEntriesAndUpdatesTheInstance()
    {
        _clock.Advance(TimeSpan.FromSeconds(5));
        await _journal.CommitAsync(
            Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1, JournalEvents.Started), Sample.Entry(2)),
            _owner,
            CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(5));
        await _journal.CommitAsync(
            Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(3, JournalEvents.InstanceFinished)) with { OutputJson = """{"ok":true}""" },
            _owner,
            CancellationToken.None);

        var found = await _journal.FindInstanceAsync("i-1", CancellationToken.None);
        Assert.Equal(InstanceStatus.Finished, found!.Status);
        Assert.Equal("""{"frames":[],"seq":3}""", found.StateJson);
        Assert.Equal("""{"ok":true}""", found.OutputJson);
        Assert.Equal(_clock.GetUtcNow(), found.UpdatedAt);
        Assert.Equal(Sample.At(0), found.CreatedAt);

        // A terminal commit leaves the lease to the engine's explicit release.
        Assert.Equal(_owner, found.Lease!.Owner);

        var entries = await _journal.GetJournalAsync("i-1", CancellationToken.None);
        Assert.Equal([0L, 1, 2, 3], entries.Select(e => e.Sequence));
        Assert.Equal(Sample.Entry(1, JournalEvents.Started), entries[1]);

        await using var context = await _journal.CreateDbContextAsync(CancellationToken.None);
        Assert.Equal(4, await context.Instances.Where(i => i.Id == "i-1").Select(i => i.NextSequence).SingleAsync());
    }

    [Fact]
    public async Task CommitWithoutOutputKeepsTheStoredOutput()
    {
        await _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running) with { OutputJson = """{"a":1}""" }, _owner, CancellationToken.None);
        await _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None);

        Assert.Equal("""{"a":1}""", (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.OutputJson);
    }

    [Fact]
    public async Task A_commit_colliding_with_stored_entries_fails_and_writes_nothing()
    {
        await _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None);
        var before = await _journal.FindInstanceAsync("i-1", CancellationToken.None);

        // A journal whose next number is behind its entries (edited by hand, say): the commit passes
        // the sequence check, and its first entry collides with the stored one.
        await SetNextSequenceAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var colliding = Sample.Commit("i-1", InstanceStatus.Suspended, Sample.Entry(1, JournalEvents.Faulted), Sample.Entry(2)) with
        {
            AddBookmarks = [new BookmarkRecord("b-1", "approve", "frame-1", "approval", "Go on?", _clock.GetUtcNow())],
            NewIncident = new IncidentRecord("step", "Test.Step", "boom", null, _clock.GetUtcNow(), null),
        };
        var error = await Assert.ThrowsAsync<JournalConflictException>(() => _journal.CommitAsync(colliding, _owner, CancellationToken.None));
        Assert.StartsWith("The commit for instance 'i-1' (journal sequence numbers 1 to 2) contradicts what the journal holds", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing of it was stored.", error.Message, StringComparison.Ordinal);

        Assert.Equal(before, await _journal.FindInstanceAsync("i-1", CancellationToken.None));
        Assert.Equal([0L, 1], (await _journal.GetJournalAsync("i-1", CancellationToken.None)).Select(e => e.Sequence));
        Assert.Equal(JournalEvents.Completed, (await _journal.GetJournalAsync("i-1", CancellationToken.None))[1].Event);
        Assert.Empty(await _journal.GetBookmarksAsync("i-1", CancellationToken.None));
        Assert.Empty(await _journal.GetIncidentsAsync("i-1", CancellationToken.None));

        // The failed commit left the journal usable.
        await SetNextSequenceAsync(2);
        await _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(2)), _owner, CancellationToken.None);
        Assert.Equal([0L, 1, 2], (await _journal.GetJournalAsync("i-1", CancellationToken.None)).Select(e => e.Sequence));
    }

    private async Task SetNextSequenceAsync(long next)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = """UPDATE "instances" SET "NextSequence" = $next WHERE "Id" = 'i-1'""";
        update.Parameters.AddWithValue("$next", next);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task ConcurrentCommitsForTwoInstancesAllLand()
    {
        await _journal.CreateInstanceAsync(Sample.Instance("i-2"), _owner, Sample.LeaseDuration, CancellationToken.None);

        async Task Run(string id)
        {
            await Task.Yield();
            for (var sequence = 1; sequence <= 40; sequence++)
            {
                await _journal.CommitAsync(Sample.Commit(id, InstanceStatus.Running, Sample.Entry(sequence)), _owner, CancellationToken.None);
            }
        }

        await Task.WhenAll(Task.Run(() => Run("i-1")), Task.Run(() => Run("i-2")));

        foreach (var id in new[] { "i-1", "i-2" })
        {
            Assert.Equal(Enumerable.Range(0, 41).Select(i => (long)i), (await _journal.GetJournalAsync(id, CancellationToken.None)).Select(e => e.Sequence));
            Assert.Equal("""{"frames":[],"seq":40}""", (await _journal.FindInstanceAsync(id, CancellationToken.None))!.StateJson);
        }
    }

    [Fact]
    public async Task CommitByANonOwnerThrowsLeaseLostAndWritesNothing()
    {
        var before = await _journal.FindInstanceAsync("i-1", CancellationToken.None);
        var intruder = Sample.Owner("runner-b", pid: 5151);

        var lost = await Assert.ThrowsAsync<LeaseLostException>(() =>
            _journal.CommitAsync(
                Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(1)) with
                {
                    AddBookmarks = [new BookmarkRecord("b-1", "approve", "frame-1", "approval", null, _clock.GetUtcNow())],
                },
                intruder,
                CancellationToken.None));

        Assert.Contains("runner-a", lost.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _journal.FindInstanceAsync("i-1", CancellationToken.None));
        Assert.Single(await _journal.GetJournalAsync("i-1", CancellationToken.None));
        Assert.Empty(await _journal.GetBookmarksAsync("i-1", CancellationToken.None));
    }

    [Fact]
    public async Task CommitAfterTheLeaseWasReleasedThrowsLeaseLost()
    {
        await _journal.ReleaseLeaseAsync("i-1", _owner, CancellationToken.None);

        await Assert.ThrowsAsync<LeaseLostException>(() =>
            _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None));
        await Assert.ThrowsAsync<LeaseLostException>(() =>
            _journal.CommitAsync(Sample.Commit("i-unknown", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None));
    }

    [Fact]
    public async Task CommitAddsAndRemovesBookmarks()
    {
        var first = new BookmarkRecord("b-1", "approve-1", "frame-1", "approval", "Destroy the old pool?", Sample.At(1));
        var second = new BookmarkRecord("b-2", "approve-2", "frame-2", "approval", null, Sample.At(2));
        await _journal.CommitAsync(
            Sample.Commit("i-1", InstanceStatus.Suspended, Sample.Entry(1, JournalEvents.Suspended)) with { AddBookmarks = [second, first] },
            _owner,
            CancellationToken.None);

        Assert.Equal([first, second], await _journal.GetBookmarksAsync("i-1", CancellationToken.None));

        await _journal.CommitAsync(
            Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(2, JournalEvents.BookmarkResumed)) with { RemoveBookmarks = ["b-1", "b-unknown"] },
            _owner,
            CancellationToken.None);

        Assert.Equal([second], await _journal.GetBookmarksAsync("i-1", CancellationToken.None));
    }

    [Fact]
    public async Task RetryResolvesOpenIncidentsButNotTheOneItRaises()
    {
        var first = new IncidentRecord("step", "Test.Step", "zpool failed", "exit 1", Sample.At(1), null);
        await _journal.CommitAsync(
            Sample.Commit("i-1", InstanceStatus.Faulted, Sample.Entry(1, JournalEvents.Faulted)) with { NewIncident = first },
            _owner,
            CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(10));
        var second = new IncidentRecord("step-2", "Test.Step", "rsync failed", null, Sample.At(11), null);
        await _journal.CommitAsync(
            Sample.Commit("i-1", InstanceStatus.Faulted, Sample.Entry(2, JournalEvents.InstanceRetried), Sample.Entry(3, JournalEvents.Faulted)) with
            {
                ResolveIncidents = true,
                NewIncident = second,
            },
            _owner,
            CancellationToken.None);

        var incidents = await _journal.GetIncidentsAsync("i-1", CancellationToken.None);
        Assert.Equal([first with { ResolvedAt = _clock.GetUtcNow() }, second], incidents);
    }

    [Fact]
    public async Task CancelRequestIsSeenAtRenewalAndClearedByTheCommitThatCarriesItOut()
    {
        await _journal.RequestCancelAsync("i-1", CancellationToken.None);
        Assert.True((await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.CancelRequested);
        Assert.Equal(new LeaseRenewal(true, true), await _journal.RenewLeaseAsync("i-1", _owner, Sample.LeaseDuration, CancellationToken.None));

        // A commit that does not say so leaves the request pending.
        await _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None);
        Assert.True((await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.CancelRequested);

        await _journal.CommitAsync(
            Sample.Commit("i-1", InstanceStatus.Cancelled, Sample.Entry(2, JournalEvents.InstanceCancelled)) with { ClearCancelRequest = true },
            _owner,
            CancellationToken.None);

        var found = await _journal.FindInstanceAsync("i-1", CancellationToken.None);
        Assert.False(found!.CancelRequested);
        Assert.Equal(InstanceStatus.Cancelled, found.Status);
    }

    [Fact]
    public async Task CommandsAreRecordedOnTheirOwnAndReadBackInOrder()
    {
        var copy = new CommandRecord("copy", ["rsync", "-aHAX", "/srv/a b/", "/tank/a b/"], 0, 1234, Sample.At(5), "sent 10 bytes");
        var failed = new CommandRecord(null, ["zpool", "import", "tank"], null, 30_000, Sample.At(2), string.Empty);

        await _journal.RecordCommandAsync("i-1", copy, CancellationToken.None);
        await _journal.RecordCommandAsync("i-1", failed, CancellationToken.None);

        var commands = await _journal.GetCommandsAsync("i-1", CancellationToken.None);
        Assert.Equal(2, commands.Count);
        Assert.Equal(failed.Argv, commands[0].Argv);
        Assert.Null(commands[0].ExitCode);
        Assert.Null(commands[0].ActivityId);
        Assert.Equal(copy.Argv, commands[1].Argv);
        Assert.Equal((copy.ActivityId, copy.ExitCode, copy.DurationMs, copy.StartedAt, copy.OutputTail), (commands[1].ActivityId, commands[1].ExitCode, commands[1].DurationMs, commands[1].StartedAt, commands[1].OutputTail));
    }

    [Fact]
    public async Task A_command_for_an_instance_the_journal_does_not_hold_is_refused_naming_it()
    {
        var error = await Assert.ThrowsAsync<JournalConflictException>(() =>
            _journal.RecordCommandAsync("i-unknown", new CommandRecord("step", ["true"], 0, 1, Sample.At(1), string.Empty), CancellationToken.None));

        Assert.Equal("Instance 'i-unknown' is not in the journal; the command record was not stored.", error.Message);
        Assert.Empty(await _journal.GetCommandsAsync("i-unknown", CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_for_an_instance_the_journal_does_not_hold_is_a_lost_lease_naming_it()
    {
        var error = await Assert.ThrowsAsync<LeaseLostException>(() =>
            _journal.CommitAsync(Sample.Commit("i-unknown", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None));

        Assert.Equal("Instance 'i-unknown' is not in the journal; nothing was committed.", error.Message);
    }

    [Fact]
    public async Task A_commit_that_skips_or_repeats_sequence_numbers_is_refused_naming_the_next_one()
    {
        await _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None);

        var gap = await Assert.ThrowsAsync<JournalConflictException>(() =>
            _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(3)), _owner, CancellationToken.None));
        var repeat = await Assert.ThrowsAsync<JournalConflictException>(() =>
            _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Finished, Sample.Entry(1)), _owner, CancellationToken.None));

        Assert.Equal("The commit for instance 'i-1' starts at journal sequence number 3, but the journal's next is 2; nothing of it was stored.", gap.Message);
        Assert.Contains("starts at journal sequence number 1, but the journal's next is 2", repeat.Message, StringComparison.Ordinal);
        Assert.Equal([0L, 1], (await _journal.GetJournalAsync("i-1", CancellationToken.None)).Select(e => e.Sequence));
        Assert.Equal(InstanceStatus.Running, (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Status);
    }
}
