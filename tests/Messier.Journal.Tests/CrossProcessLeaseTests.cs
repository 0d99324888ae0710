using Messier.Journal.Tests.Support;

namespace Messier.Journal.Tests;

public sealed class CrossProcessLeaseTests : IDisposable
{
    private const int Rounds = 50;

    private readonly TempJournalFolder _folder = new();

    [Fact]
    public async Task TwoProcessesRacingForFreeLeasesNeverBothWin()
    {
        await using (var setup = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None))
        {
            var creator = Sample.Owner("creator", pid: 1);
            for (var round = 0; round < Rounds; round++)
            {
                await setup.CreateInstanceAsync(Sample.Instance($"race-{round}"), creator, Sample.LeaseDuration, CancellationToken.None);
                await setup.ReleaseLeaseAsync($"race-{round}", creator, CancellationToken.None);
            }
        }

        var go = _folder.File("go");
        using var left = ChildProcess.Start("lease-race", _folder.DatabasePath, "left", $"{Rounds}", go);
        using var right = ChildProcess.Start("lease-race", _folder.DatabasePath, "right", $"{Rounds}", go);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Assert.Equal("ready", await left.StandardOutput.ReadLineAsync(timeout.Token));
        Assert.Equal("ready", await right.StandardOutput.ReadLineAsync(timeout.Token));
        await File.WriteAllTextAsync(go, "go");

        var leftWon = await WonAsync(left, timeout.Token);
        var rightWon = await WonAsync(right, timeout.Token);

        Assert.Empty(leftWon.Intersect(rightWon));
        Assert.Equal(Rounds, leftWon.Count + rightWon.Count);
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        foreach (var id in leftWon)
        {
            Assert.Equal("left", (await journal.FindInstanceAsync(id, CancellationToken.None))!.Lease!.Owner.RunnerId);
        }

        foreach (var id in rightWon)
        {
            Assert.Equal("right", (await journal.FindInstanceAsync(id, CancellationToken.None))!.Lease!.Owner.RunnerId);
        }
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<HashSet<string>> WonAsync(System.Diagnostics.Process child, CancellationToken cancellationToken)
    {
        var output = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await child.StandardError.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        Assert.True(child.ExitCode == 0, errors);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => line["won ".Length..])];
    }
}
