using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Microsoft.Data.Sqlite;

namespace Messier.Journal.Tests;

/// <summary>
/// Listing by status uses a (Status, CreatedAt) index, and a commit sets the status only when it
/// changes, so that a commit that keeps it (almost all of them) does not rewrite that index.
/// </summary>
public sealed class StatusIndexTests : IDisposable
{
    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly LeaseOwner _owner = Sample.Owner("runner-a");

    [Fact]
    public async Task EveryStatusChangeIsWrittenThoughOnlyChangesSetIt()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await journal.CreateInstanceAsync(Sample.Instance("i-1"), _owner, Sample.LeaseDuration, CancellationToken.None);

        InstanceStatus[] statuses = [InstanceStatus.Running, InstanceStatus.Running, InstanceStatus.Suspended, InstanceStatus.Suspended, InstanceStatus.Running, InstanceStatus.Faulted, InstanceStatus.Running, InstanceStatus.Finished];
        for (var i = 0; i < statuses.Length; i++)
        {
            await journal.CommitAsync(Sample.Commit("i-1", statuses[i], Sample.Entry(i + 1)), _owner, CancellationToken.None);

            Assert.Equal(statuses[i], (await journal.FindInstanceAsync("i-1", CancellationToken.None))!.Status);
            Assert.Equal(["i-1"], (await journal.ListInstancesAsync(new InstanceQuery([statuses[i]]), CancellationToken.None)).Select(r => r.Id));
        }

        Assert.Empty(await journal.ListInstancesAsync(new InstanceQuery([InstanceStatus.Running, InstanceStatus.Suspended, InstanceStatus.Faulted]), CancellationToken.None));
        Assert.Equal(1, (await journal.CountByStatusAsync(CancellationToken.None))[InstanceStatus.Finished]);
    }

    [Fact]
    public async Task CommitsThatKeepTheStatusWriteFewerPagesThanCommitsThatChangeIt()
    {
        var keeping = await WalPagesForCommitsAsync("keep.db", _ => InstanceStatus.Running);
        var changing = await WalPagesForCommitsAsync("change.db", i => i % 2 == 0 ? InstanceStatus.Suspended : InstanceStatus.Running);

        // Twenty commits: changing the status rewrites the status index every time, keeping it never.
        Assert.True(keeping + 15 <= changing, $"20 commits keeping the status wrote {keeping} WAL pages, 20 changing it wrote {changing}.");
    }

    public void Dispose() => _folder.Dispose();

    private async Task<long> WalPagesForCommitsAsync(string fileName, Func<int, InstanceStatus> status)
    {
        var path = _folder.File(fileName);
        await using var journal = await SqliteWorkflowJournal.OpenAsync(path, _clock, CancellationToken.None);
        for (var i = 0; i < 50; i++)
        {
            await journal.CreateInstanceAsync(Sample.Instance($"other-{i}"), _owner, Sample.LeaseDuration, CancellationToken.None);
        }

        await journal.CreateInstanceAsync(Sample.Instance("i-1"), _owner, Sample.LeaseDuration, CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, new FileInfo(path + "-wal").Length);
        for (var i = 0; i < 20; i++)
        {
            await journal.CommitAsync(Sample.Commit("i-1", status(i), Sample.Entry(i + 1)), _owner, CancellationToken.None);
        }

        // A WAL file is a 32-byte header, then one 24-byte frame header and one page per page written.
        return (new FileInfo(path + "-wal").Length - 32) / (24 + 4096);
    }
}
