using System.Text.Json;
using Messier.Journal.Bookmarks;
using Messier.Journal.Commands;
using Messier.Journal.Entries;
using Messier.Journal.Incidents;
using Messier.Journal.Instances;
using Messier.Journal.Sqlite;
using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Microsoft.EntityFrameworkCore;

namespace Messier.Journal.Tests;

/// <summary>
/// The read paths and the schema check at open are plain SQL, so that read-only commands never
/// start EF: they must read exactly what EF's model reads, and must really not start it.
/// </summary>
public sealed class PlainSqlReadTests : IAsyncLifetime, IDisposable
{
    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly LeaseOwner _owner = Sample.Owner("runner-a");

    /// <summary>
    /// Instances with every kind of row and every nullable column both set and unset: a finished
    /// one with outputs and commands (one with no exit code), a faulted one with a resolved and an
    /// open incident, a suspended child with bookmarks, and a running one that nobody holds.
    /// </summary>
    public async Task InitializeAsync()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        foreach (var id in new[] { "fin-1", "flt-2", "sus-3", "run-4" })
        {
            await journal.CreateInstanceAsync(Sample.Instance(id, parentInstanceId: id == "sus-3" ? "fin-1" : null), _owner, Sample.LeaseDuration, CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        await journal.RecordCommandAsync("fin-1", new CommandRecord("step", ["zfs", "create", "tank/a b"], 0, 12, Sample.At(3), "done\n"), CancellationToken.None);
        await journal.RecordCommandAsync("fin-1", new CommandRecord(null, ["missing-tool"], null, 0, Sample.At(4), "cannot start"), CancellationToken.None);
        await journal.CommitAsync(
            Sample.Commit("fin-1", InstanceStatus.Finished, Sample.Entry(1, JournalEvents.Started), Sample.Entry(2, activityId: null) with { DataJson = null }) with { OutputJson = """{"ok":true}""" },
            _owner,
            CancellationToken.None);

        await journal.CommitAsync(
            Sample.Commit("flt-2", InstanceStatus.Faulted, Sample.Entry(1)) with { NewIncident = new IncidentRecord(null, null, "first", null, Sample.At(5), null) },
            _owner,
            CancellationToken.None);
        await journal.CommitAsync(
            Sample.Commit("flt-2", InstanceStatus.Faulted, Sample.Entry(2)) with
            {
                ResolveIncidents = true,
                NewIncident = new IncidentRecord("step", "Test.Step", "second", "details", Sample.At(6), null),
            },
            _owner,
            CancellationToken.None);

        await journal.CommitAsync(
            Sample.Commit("sus-3", InstanceStatus.Suspended, Sample.Entry(1, JournalEvents.Suspended)) with
            {
                AddBookmarks =
                [
                    new BookmarkRecord("sus-3.f2", "confirm", "f2", "approve", "Go on?", Sample.At(7)),
                    new BookmarkRecord("sus-3.f1", "other", "f1", "approve", null, Sample.At(7)),
                ],
            },
            _owner,
            CancellationToken.None);

        await journal.ReleaseLeaseAsync("run-4", _owner, CancellationToken.None);
        await journal.RequestCancelAsync("run-4", CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OpeningACurrentFileAndReadingEverythingNeverStartsEntityFramework()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);

        Assert.False(journal.AppliedMigrations);
        Assert.Equal(4, (await journal.ListInstancesAsync(new InstanceQuery([]), CancellationToken.None)).Count);
        Assert.NotNull(await journal.FindInstanceAsync("fin-1", CancellationToken.None));
        Assert.Single(await journal.FindInstancesByPrefixAsync("sus", 5, CancellationToken.None));
        Assert.NotNull(await journal.FindDefinitionAsync("hash-1", CancellationToken.None));
        Assert.Equal(4, (await journal.CountByStatusAsync(CancellationToken.None)).Values.Sum());
        Assert.Equal(3, (await journal.GetJournalAsync("fin-1", CancellationToken.None)).Count);
        Assert.Equal(2, (await journal.GetCommandsAsync("fin-1", CancellationToken.None)).Count);
        Assert.Equal(2, (await journal.GetBookmarksAsync("sus-3", CancellationToken.None)).Count);
        Assert.Equal(2, (await journal.GetIncidentsAsync("flt-2", CancellationToken.None)).Count);

        Assert.False(journal.UsedEntityFramework);
    }

    [Fact]
    public async Task CommitsNeverStartEntityFrameworkEither()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);

        await journal.CommitAsync(Sample.Commit("sus-3", InstanceStatus.Running, Sample.Entry(2, JournalEvents.BookmarkResumed)), _owner, CancellationToken.None);
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() =>
            journal.CommitAsync(Sample.Commit("sus-3", InstanceStatus.Running, Sample.Entry(3)), Sample.Owner("runner-b"), CancellationToken.None));

        Assert.Contains("held by process 4242 on test-host (runner runner-a)", lost.Message, StringComparison.Ordinal);
        Assert.False(journal.UsedEntityFramework);
    }

    [Fact]
    public async Task PlainSqlReadsWhatTheEntityFrameworkModelReads()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await using var context = await journal.CreateDbContextAsync(CancellationToken.None);

        var instances = (await context.Instances.AsNoTracking().ToListAsync()).Select(i => i.ToRecord()).OrderByDescending(i => i.CreatedAt).ToList();
        Assert.Equal(Json(instances), Json(await journal.ListInstancesAsync(new InstanceQuery([]), CancellationToken.None)));
        foreach (var instance in instances)
        {
            var id = instance.Id;
            Assert.Equal(Json(instance), Json(await journal.FindInstanceAsync(id, CancellationToken.None)));
            Assert.Equal(
                Json((await context.JournalEntries.AsNoTracking().Where(e => e.InstanceId == id).ToListAsync()).OrderBy(e => e.Sequence).Select(e => e.ToRecord())),
                Json(await journal.GetJournalAsync(id, CancellationToken.None)));
            Assert.Equal(
                Json((await context.Commands.AsNoTracking().Where(c => c.InstanceId == id).ToListAsync()).OrderBy(c => c.StartedAt).ThenBy(c => c.Id).Select(c => c.ToRecord())),
                Json(await journal.GetCommandsAsync(id, CancellationToken.None)));
            Assert.Equal(
                Json((await context.Bookmarks.AsNoTracking().Where(b => b.InstanceId == id).ToListAsync()).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id, StringComparer.Ordinal).Select(b => b.ToRecord())),
                Json(await journal.GetBookmarksAsync(id, CancellationToken.None)));
            Assert.Equal(
                Json((await context.Incidents.AsNoTracking().Where(x => x.InstanceId == id).ToListAsync()).OrderBy(x => x.At).ThenBy(x => x.Id).Select(x => x.ToRecord())),
                Json(await journal.GetIncidentsAsync(id, CancellationToken.None)));
        }

        var definition = await context.Definitions.AsNoTracking().SingleAsync();
        Assert.Equal(
            Json(new PinnedDefinition(definition.Hash, definition.Name, definition.Json, definition.Path)),
            Json(await journal.FindDefinitionAsync(definition.Hash, CancellationToken.None)));
    }

    [Fact]
    public async Task ReadsShowEveryStoredValue()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);

        var finished = (await journal.FindInstanceAsync("fin-1", CancellationToken.None))!;
        Assert.Equal(InstanceStatus.Finished, finished.Status);
        Assert.Equal("""{"ok":true}""", finished.OutputJson);
        Assert.Equal(_owner, finished.Lease?.Owner);
        Assert.Equal(Sample.At(0), finished.CreatedAt);

        var child = (await journal.FindInstanceAsync("sus-3", CancellationToken.None))!;
        Assert.Equal("fin-1", child.ParentInstanceId);
        Assert.Equal(["sus-3.f1", "sus-3.f2"], (await journal.GetBookmarksAsync("sus-3", CancellationToken.None)).Select(b => b.Id));

        var unowned = (await journal.FindInstanceAsync("run-4", CancellationToken.None))!;
        Assert.Null(unowned.Lease);
        Assert.True(unowned.CancelRequested);
        Assert.Null(unowned.OutputJson);

        var commands = await journal.GetCommandsAsync("fin-1", CancellationToken.None);
        Assert.Equal(["zfs", "create", "tank/a b"], commands[0].Argv);
        Assert.Null(commands[1].ExitCode);
        Assert.Null(commands[1].ActivityId);

        var incidents = await journal.GetIncidentsAsync("flt-2", CancellationToken.None);
        Assert.NotNull(incidents[0].ResolvedAt);
        Assert.Null(incidents[1].ResolvedAt);
        Assert.Equal("details", incidents[1].Details);
    }

    [Fact]
    public async Task TheSchemaCheckKnowsTheNewestMigrationAsEntityFrameworkDoes()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await using var context = await journal.CreateDbContextAsync(CancellationToken.None);

        Assert.Equal(JournalMigrations.Latest, context.Database.GetMigrations().Last());
        Assert.Equal(context.Database.GetMigrations().Last(), (await context.Database.GetAppliedMigrationsAsync()).Last());
    }

    [Fact]
    public async Task AFileWithNoSchemaIsMigratedOnOpenAndTheNextOpenIsNot()
    {
        var path = _folder.File("empty.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE unrelated (x INTEGER);";
            await command.ExecuteNonQueryAsync();
        }

        await using (var first = await SqliteWorkflowJournal.OpenAsync(path, _clock, CancellationToken.None))
        {
            Assert.True(first.AppliedMigrations);
            Assert.True(first.UsedEntityFramework);
            Assert.Empty(await first.ListInstancesAsync(new InstanceQuery([]), CancellationToken.None));
        }

        await using var second = await SqliteWorkflowJournal.OpenAsync(path, _clock, CancellationToken.None);
        Assert.False(second.AppliedMigrations);
        Assert.False(second.UsedEntityFramework);
    }

    [Theory]
    [InlineData("semi;colon")]
    [InlineData("equals=sign and spaces")]
    [InlineData("quote\"s and 'apostrophes'")]
    [InlineData(" leading space")]
    public async Task PathsWithConnectionStringCharactersOpenTheRightFile(string folderName)
    {
        var path = Path.Combine(_folder.Path, folderName, "journal.db");

        await using (var journal = await SqliteWorkflowJournal.OpenAsync(path, _clock, CancellationToken.None))
        {
            await journal.CreateInstanceAsync(Sample.Instance("odd-1"), _owner, Sample.LeaseDuration, CancellationToken.None);
            Assert.Equal(path, journal.DatabasePath);
        }

        Assert.True(File.Exists(path));
        await using var reopened = await SqliteWorkflowJournal.OpenAsync(path, _clock, CancellationToken.None);
        Assert.NotNull(await reopened.FindInstanceAsync("odd-1", CancellationToken.None));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
