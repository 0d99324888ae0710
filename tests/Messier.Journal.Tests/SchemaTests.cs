using Messier.Journal.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Messier.Journal.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempJournalFolder _folder = new();

    [Fact]
    public async Task FreshFileGetsTheJournalTablesAndWalMode()
    {
        var path = Path.Combine(_folder.Path, "not", "yet", "there", "journal.db");

        await using var journal = await SqliteWorkflowJournal.OpenAsync(path, CancellationToken.None);

        Assert.True(journal.AppliedMigrations);
        Assert.Equal(path, journal.DatabasePath);
        await using var context = await journal.CreateDbContextAsync(CancellationToken.None);
        var tables = await context.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .ToListAsync();
        Assert.Superset(
            new HashSet<string> { "__EFMigrationsHistory", "bookmarks", "commands", "definitions", "incidents", "instances", "journal_entries" },
            tables.ToHashSet());
        Assert.Equal("wal", await Pragma(context, "journal_mode"));
        Assert.Equal(["20261123083008_InitialJournal", "20261123094003_StatusCreatedAtIndex", "20261123100459_RowidKeysForJournalEntriesAndCommands"], await context.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());

        var indexes = await context.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('instances', 'journal_entries')")
            .ToListAsync();
        Assert.Superset(
            new HashSet<string> { "IX_instances_Status_CreatedAt", "IX_instances_DefinitionName", "IX_instances_CreatedAt", "IX_journal_entries_InstanceId_Sequence" },
            indexes.ToHashSet());
    }

    [Fact]
    public async Task EveryConnectionRunsWithFullSyncAndABusyTimeout()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);

        for (var i = 0; i < 3; i++)
        {
            await using var context = await journal.CreateDbContextAsync(CancellationToken.None);
            await context.Database.OpenConnectionAsync();
            Assert.Equal("2", await Pragma(context, "synchronous"));
            Assert.Equal("5000", await Pragma(context, "busy_timeout"));
            Assert.Equal("1", await Pragma(context, "foreign_keys"));
        }
    }

    [Fact]
    public async Task ReopeningACurrentFileDoesNotRunMigrationsAgain()
    {
        await using (var first = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None))
        {
            Assert.True(first.AppliedMigrations);
            await first.CreateInstanceAsync(Sample.Instance("i-1"), Sample.Owner("runner-a"), Sample.LeaseDuration, CancellationToken.None);
        }

        await using var second = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);

        Assert.False(second.AppliedMigrations);
        Assert.NotNull(await second.FindInstanceAsync("i-1", CancellationToken.None));
    }

    [Fact]
    public async Task SeveralOpenersOfOneFreshFileMigrateItOnce()
    {
        var journals = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None))));
        try
        {
            await using var context = await journals[0].CreateDbContextAsync(CancellationToken.None);
            Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
            await journals[1].CreateInstanceAsync(Sample.Instance("i-1"), Sample.Owner("runner-a"), Sample.LeaseDuration, CancellationToken.None);
            Assert.NotNull(await journals[3].FindInstanceAsync("i-1", CancellationToken.None));
        }
        finally
        {
            foreach (var journal in journals)
            {
                await journal.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task WalModeIsKeptInTheFile()
    {
        await (await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None)).DisposeAsync();

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<string?> Pragma(JournalDbContext context, string name)
    {
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
