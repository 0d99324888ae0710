using Messier.Journal.Sqlite;
using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messier.Journal.Tests;

/// <summary>
/// A journal written by an older messier is brought up to date when it is opened, keeping every
/// row: the status index became (Status, CreatedAt), and journal entries and commands lost
/// AUTOINCREMENT (a hand-written migration rebuilds them), each to write one page fewer per commit.
/// </summary>
public sealed class UpgradeTests : IDisposable
{
    private const string InitialMigration = "20261123083008_InitialJournal";

    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly LeaseOwner _owner = Sample.Owner("runner-a");

    [Fact]
    public async Task AJournalOnTheInitialSchemaIsUpgradedOnOpenAndKeepsEveryRow()
    {
        var options = SqliteContextOptions.Build(SqliteContextOptions.ConnectionString(_folder.DatabasePath));
        await using (var context = new JournalDbContext(options))
        {
            await context.GetService<IMigrator>().MigrateAsync(InitialMigration);
            await context.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO definitions (Hash, Name, Json, Path) VALUES ('hash-1', 'pool-create', '{{}}', NULL);
                INSERT INTO instances (Id, DefinitionName, DefinitionHash, Status, StateJson, InputJson, CreatedAt, UpdatedAt, CancelRequested, NextSequence, LeaseOwner, LeaseExpiresAt)
                VALUES ('old-1', 'pool-create', 'hash-1', 'running', '{{}}', '{{}}', 1790000000000, 1790000000000, 0, 2, 'test-host/4242/5242/runner-a', 1790000030000);
                INSERT INTO journal_entries (InstanceId, Sequence, ActivityId, ActivityType, Event, At, DataJson) VALUES
                    ('old-1', 0, NULL, NULL, 'instance-created', 1790000000000, NULL),
                    ('old-1', 1, 'step', 'Run', 'started', 1790000000001, '{{"attempt":1}}');
                INSERT INTO commands (InstanceId, ActivityId, ArgvJson, ExitCode, DurationMs, StartedAt, OutputTail)
                VALUES ('old-1', 'step', '["zpool","list"]', 0, 7, 1790000000002, 'tank');
                """);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(["IX_instances_Status_UpdatedAt"], await ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'IX_instances_Status%'"));
        Assert.Contains("AUTOINCREMENT", Assert.Single(await ScalarsAsync("SELECT sql FROM sqlite_master WHERE name = 'journal_entries'")), StringComparison.Ordinal);

        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);

        Assert.True(journal.AppliedMigrations);
        Assert.Equal(["IX_instances_Status_CreatedAt"], await ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'IX_instances_Status%'"));
        Assert.Equal(["old-1"], (await journal.ListInstancesAsync(new InstanceQuery([InstanceStatus.Running]), CancellationToken.None)).Select(i => i.Id));
        Assert.Equal([0L, 1L], (await journal.GetJournalAsync("old-1", CancellationToken.None)).Select(e => e.Sequence));
        Assert.Equal(["zpool", "list"], Assert.Single(await journal.GetCommandsAsync("old-1", CancellationToken.None)).Argv);

        // And it goes on: the next commit appends after the old rows, with the unique (instance, sequence) still enforced.
        await journal.CommitAsync(Sample.Commit("old-1", InstanceStatus.Finished, Sample.Entry(2)), _owner, CancellationToken.None);
        Assert.Equal([0L, 1L, 2L], (await journal.GetJournalAsync("old-1", CancellationToken.None)).Select(e => e.Sequence));
        await Assert.ThrowsAsync<JournalConflictException>(() => journal.CommitAsync(Sample.Commit("old-1", InstanceStatus.Finished, Sample.Entry(2)), _owner, CancellationToken.None));
        Assert.Equal(["1", "2", "3"], await ScalarsAsync("SELECT Id FROM journal_entries ORDER BY Id"));
        Assert.Equal(
            ["IX_commands_InstanceId", "IX_journal_entries_InstanceId_Sequence"],
            await ScalarsAsync("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('journal_entries', 'commands') AND sql IS NOT NULL ORDER BY name"));
        Assert.Empty(await ScalarsAsync("PRAGMA foreign_key_check"));
    }

    [Fact]
    public async Task JournalEntriesAndCommandsTakeRowidsWithoutAutoincrement()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await journal.CreateInstanceAsync(Sample.Instance("i-1"), _owner, Sample.LeaseDuration, CancellationToken.None);
        await journal.RecordCommandAsync("i-1", new CommandRecord("step", ["true"], 0, 1, Sample.At(1), ""), CancellationToken.None);
        await journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1), Sample.Entry(2)), _owner, CancellationToken.None);

        // EF's model still says AUTOINCREMENT (its SQLite default): were EF ever to rebuild these
        // tables, it would bring it back, and this test says so.
        foreach (var table in new[] { "journal_entries", "commands" })
        {
            Assert.DoesNotContain("AUTOINCREMENT", Assert.Single(await ScalarsAsync($"SELECT sql FROM sqlite_master WHERE name = '{table}'")), StringComparison.Ordinal);
        }

        Assert.Equal(["1", "2", "3"], await ScalarsAsync("SELECT Id FROM journal_entries ORDER BY Id"));
        Assert.Equal(["1"], await ScalarsAsync("SELECT Id FROM commands"));
        Assert.Empty(await ScalarsAsync("SELECT name FROM sqlite_sequence WHERE name IN ('journal_entries', 'commands')"));
    }

    [Fact]
    public async Task ACommitThatKeepsTheStatusWritesThreePages()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await journal.CreateInstanceAsync(Sample.Instance("i-1"), _owner, Sample.LeaseDuration, CancellationToken.None);
        await ScalarsAsync("PRAGMA wal_checkpoint(TRUNCATE)");

        await journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), _owner, CancellationToken.None);

        // The instance's row, the journal row and its (instance, sequence) index entry; nothing else.
        Assert.Equal(3, (new FileInfo(_folder.DatabasePath + "-wal").Length - 32) / (24 + 4096));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<string[]> ScalarsAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_folder.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return [.. values];
    }
}
