using Messier.Journal.Tests.Support;
using Messier.Workflows.Leases;

namespace Messier.Journal.Tests;

public sealed class LeaseRaceTests : IDisposable
{
    private const int Rounds = 50;

    private readonly TempJournalFolder _folder = new();

    [Fact]
    public async Task TwoJournalsRacingForOneFreeLeaseHaveExactlyOneWinnerEachRound()
    {
        await using var setup = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await using var left = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await using var right = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        var creator = Sample.Owner("creator", pid: 1);
        var leftOwner = Sample.Owner("left", pid: 2);
        var rightOwner = Sample.Owner("right", pid: 3);
        var wins = new Dictionary<string, int> { ["left"] = 0, ["right"] = 0 };

        for (var round = 0; round < Rounds; round++)
        {
            var id = $"race-{round}";
            await setup.CreateInstanceAsync(Sample.Instance(id), creator, Sample.LeaseDuration, CancellationToken.None);
            await setup.ReleaseLeaseAsync(id, creator, CancellationToken.None);

            using var start = new Barrier(2);
            var leftTry = Task.Run(() => Race(left, id, leftOwner, start));
            var rightTry = Task.Run(() => Race(right, id, rightOwner, start));
            var results = await Task.WhenAll(leftTry, rightTry);

            Assert.Equal(1, results.Count(r => r.Acquired));
            var (winner, loser) = results[0].Acquired ? (leftOwner, results[1]) : (rightOwner, results[0]);
            wins[winner.RunnerId]++;
            Assert.Equal(winner, loser.HeldBy?.Owner);
            Assert.Equal(winner, (await setup.FindInstanceAsync(id, CancellationToken.None))!.Lease!.Owner);
        }

        Assert.Equal(Rounds, wins.Values.Sum());
    }

    public void Dispose() => _folder.Dispose();

    private static LeaseResult Race(SqliteWorkflowJournal journal, string id, LeaseOwner owner, Barrier start)
    {
        start.SignalAndWait();
        return journal.TryAcquireLeaseAsync(id, owner, Sample.LeaseDuration, FakeLiveness.AllAlive, CancellationToken.None).GetAwaiter().GetResult();
    }
}
