using System.Diagnostics;
using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Microsoft.Data.Sqlite;

namespace Messier.Journal.Tests;

public sealed class BusyFileTests : IDisposable
{
    private readonly TempJournalFolder _folder = new();

    [Fact]
    public async Task CommitWaitsForAnotherWriterInsteadOfFailing()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        var owner = Sample.Owner("runner-a");
        await journal.CreateInstanceAsync(Sample.Instance("i-1"), owner, Sample.LeaseDuration, CancellationToken.None);

        // Another writer (as another process would) holds the write lock for a while.
        await using var other = new SqliteConnection($"Data Source={_folder.DatabasePath};Pooling=False");
        await other.OpenAsync();
        var lockHeld = other.BeginTransaction(deferred: false);
        await using (var write = other.CreateCommand())
        {
            write.Transaction = lockHeld;
            write.CommandText = "UPDATE instances SET InputJson = InputJson WHERE Id = 'i-1';";
            await write.ExecuteNonQueryAsync();
        }

        var stopwatch = Stopwatch.StartNew();
        var commit = Task.Run(() => journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), owner, CancellationToken.None));
        await Task.Delay(400);
        Assert.False(commit.IsCompleted);

        await lockHeld.CommitAsync();
        await lockHeld.DisposeAsync();
        await commit;

        Assert.True(stopwatch.ElapsedMilliseconds >= 350);
        Assert.Equal(2, (await journal.GetJournalAsync("i-1", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ListingReadsWhileAWriterHoldsTheLock()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await journal.CreateInstanceAsync(Sample.Instance("i-1"), Sample.Owner("runner-a"), Sample.LeaseDuration, CancellationToken.None);

        await using var other = new SqliteConnection($"Data Source={_folder.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using var lockHeld = other.BeginTransaction(deferred: false);

        var stopwatch = Stopwatch.StartNew();
        var listed = await journal.ListInstancesAsync(new InstanceQuery([]), CancellationToken.None);

        Assert.Single(listed);
        Assert.True(stopwatch.ElapsedMilliseconds < 1000, "WAL readers never wait for the writer");
    }

    public void Dispose() => _folder.Dispose();
}
