using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;

namespace Messier.Journal.Tests;

public sealed class LeaseTests : IAsyncLifetime, IDisposable
{
    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly LeaseOwner _first = Sample.Owner("runner-a", pid: 100);
    private readonly LeaseOwner _second = Sample.Owner("runner-b", pid: 200);
    private SqliteWorkflowJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await _journal.CreateInstanceAsync(Sample.Instance("i-1"), _first, Sample.LeaseDuration, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task LiveHolderKeepsItsLeaseAndIsNamedInTheRefusal()
    {
        var result = await _journal.TryAcquireLeaseAsync("i-1", _second, Sample.LeaseDuration, FakeLiveness.AllAlive, CancellationToken.None);

        Assert.False(result.Acquired);
        Assert.False(result.TookOverFromDeadOwner);
        Assert.Equal(new LeaseInfo(_first, _clock.GetUtcNow() + Sample.LeaseDuration), result.HeldBy);
        Assert.Equal(_first, (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease!.Owner);
    }

    [Fact]
    public async Task HolderOnAnotherHostWhoseLivenessIsUnknownKeepsItsLease()
    {
        var result = await _journal.TryAcquireLeaseAsync("i-1", _second, Sample.LeaseDuration, new FakeLiveness(_ => null), CancellationToken.None);

        Assert.False(result.Acquired);
        Assert.Equal(_first, result.HeldBy!.Owner);
    }

    [Fact]
    public async Task ExpiredLeaseIsTakenOver()
    {
        _clock.Advance(Sample.LeaseDuration + TimeSpan.FromMilliseconds(1));

        var result = await _journal.TryAcquireLeaseAsync("i-1", _second, Sample.LeaseDuration, FakeLiveness.AllAlive, CancellationToken.None);

        Assert.Equal(LeaseResult.Granted(tookOver: true), result);
        var lease = (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease;
        Assert.Equal(new LeaseInfo(_second, _clock.GetUtcNow() + Sample.LeaseDuration), lease);

        // The old owner's next commit finds out.
        await Assert.ThrowsAsync<LeaseLostException>(() =>
            _journal.CommitAsync(Sample.Commit("i-1", InstanceStatus.Running, Sample.Entry(1)), _first, CancellationToken.None));
    }

    [Fact]
    public async Task DeadOwnersLeaseIsTakenOverBeforeItExpires()
    {
        var liveness = new FakeLiveness(owner => owner != _first);

        var result = await _journal.TryAcquireLeaseAsync("i-1", _second, Sample.LeaseDuration, liveness, CancellationToken.None);

        Assert.True(result.Acquired);
        Assert.True(result.TookOverFromDeadOwner);
        Assert.Equal(_second, (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease!.Owner);
    }

    [Fact]
    public async Task OwnLeaseIsReacquiredWithoutATakeOver()
    {
        _clock.Advance(TimeSpan.FromSeconds(10));

        var result = await _journal.TryAcquireLeaseAsync("i-1", _first, Sample.LeaseDuration, FakeLiveness.AllAlive, CancellationToken.None);

        Assert.Equal(LeaseResult.Granted(tookOver: false), result);
        Assert.Equal(_clock.GetUtcNow() + Sample.LeaseDuration, (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease!.ExpiresAt);
    }

    [Fact]
    public async Task ReleasedLeaseIsFreeAndTakenWithoutATakeOver()
    {
        await _journal.ReleaseLeaseAsync("i-1", _first, CancellationToken.None);
        Assert.Null((await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease);

        var result = await _journal.TryAcquireLeaseAsync("i-1", _second, Sample.LeaseDuration, FakeLiveness.AllAlive, CancellationToken.None);

        Assert.Equal(LeaseResult.Granted(tookOver: false), result);
    }

    [Fact]
    public async Task ReleaseByAnotherOwnerLeavesTheLease()
    {
        await _journal.ReleaseLeaseAsync("i-1", _second, CancellationToken.None);

        Assert.Equal(_first, (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease!.Owner);
    }

    [Fact]
    public async Task UnknownInstanceIsNotFound()
    {
        var result = await _journal.TryAcquireLeaseAsync("i-missing", _second, Sample.LeaseDuration, FakeLiveness.AllAlive, CancellationToken.None);

        Assert.Same(LeaseResult.NotFound, result);
    }

    [Fact]
    public async Task RenewalExtendsOnlyALeaseStillHeld()
    {
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new LeaseRenewal(true, false), await _journal.RenewLeaseAsync("i-1", _first, Sample.LeaseDuration, CancellationToken.None));
        Assert.Equal(_clock.GetUtcNow() + Sample.LeaseDuration, (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease!.ExpiresAt);

        Assert.Equal(new LeaseRenewal(false, false), await _journal.RenewLeaseAsync("i-1", _second, Sample.LeaseDuration, CancellationToken.None));
        Assert.Equal(_first, (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!.Lease!.Owner);
    }

    [Fact]
    public async Task EffectiveStatusReadsInterruptedOnceTheLeaseIsGone()
    {
        var running = (await _journal.FindInstanceAsync("i-1", CancellationToken.None))!;
        Assert.Equal(InstanceStatus.Running, running.EffectiveStatus(_clock.GetUtcNow(), FakeLiveness.AllAlive));
        Assert.Equal(InstanceStatus.Interrupted, running.EffectiveStatus(_clock.GetUtcNow() + Sample.LeaseDuration, FakeLiveness.AllAlive));
        Assert.Equal(InstanceStatus.Interrupted, running.EffectiveStatus(_clock.GetUtcNow(), FakeLiveness.AllDead));
    }
}
