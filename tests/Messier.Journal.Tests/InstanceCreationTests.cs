using Messier.Journal.Tests.Support;
using Messier.Workflows.Journal;
using Microsoft.EntityFrameworkCore;

namespace Messier.Journal.Tests;

public sealed class InstanceCreationTests : IDisposable
{
    private readonly TempJournalFolder _folder = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task CreatedInstanceIsFoundRunningWithItsLeaseAndFirstEntries()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        var owner = Sample.Owner("runner-a");

        await journal.CreateInstanceAsync(Sample.Instance("i-1", parentInstanceId: "parent-0"), owner, Sample.LeaseDuration, CancellationToken.None);

        var found = await journal.FindInstanceAsync("i-1", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("pool-create", found.DefinitionName);
        Assert.Equal("hash-1", found.DefinitionHash);
        Assert.Equal(InstanceStatus.Running, found.Status);
        Assert.Equal("""{"frames":[]}""", found.StateJson);
        Assert.Equal("""{"pool":"tank"}""", found.InputJson);
        Assert.Null(found.OutputJson);
        Assert.Equal(_clock.GetUtcNow(), found.CreatedAt);
        Assert.Equal(_clock.GetUtcNow(), found.UpdatedAt);
        Assert.Equal("parent-0", found.ParentInstanceId);
        Assert.False(found.CancelRequested);
        Assert.NotNull(found.Lease);
        Assert.Equal(owner, found.Lease.Owner);
        Assert.Equal(_clock.GetUtcNow() + Sample.LeaseDuration, found.Lease.ExpiresAt);

        var entry = Assert.Single(await journal.GetJournalAsync("i-1", CancellationToken.None));
        Assert.Equal(Sample.Entry(0, JournalEvents.InstanceCreated, activityId: null), entry);

        Assert.Null(await journal.FindInstanceAsync("i-missing", CancellationToken.None));
    }

    [Fact]
    public async Task PinnedDefinitionIsStoredOnceForTwoInstances()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        var owner = Sample.Owner("runner-a");

        await journal.CreateInstanceAsync(Sample.Instance("i-1"), owner, Sample.LeaseDuration, CancellationToken.None);
        await journal.CreateInstanceAsync(Sample.Instance("i-2"), owner, Sample.LeaseDuration, CancellationToken.None);

        var definition = await journal.FindDefinitionAsync("hash-1", CancellationToken.None);
        Assert.Equal(
            new PinnedDefinition("hash-1", "pool-create", """{"name":"pool-create","hash":"hash-1"}""", "/etc/messier/pool-create.json"),
            definition);
        Assert.Null(await journal.FindDefinitionAsync("hash-unknown", CancellationToken.None));

        await using var context = await journal.CreateDbContextAsync(CancellationToken.None);
        Assert.Equal(1, await context.Definitions.CountAsync());
        Assert.Equal(2, await context.Instances.CountAsync(i => i.DefinitionHash == "hash-1"));
    }

    [Fact]
    public async Task CreatingAnExistingIdFailsAndLeavesTheFirstUntouched()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, _clock, CancellationToken.None);
        await journal.CreateInstanceAsync(Sample.Instance("i-1"), Sample.Owner("runner-a"), Sample.LeaseDuration, CancellationToken.None);

        var error = await Assert.ThrowsAsync<JournalConflictException>(() =>
            journal.CreateInstanceAsync(Sample.Instance("i-1", definitionHash: "hash-2"), Sample.Owner("runner-b"), Sample.LeaseDuration, CancellationToken.None));
        Assert.Equal("Instance 'i-1' already exists in the journal; nothing was written.", error.Message);

        var found = await journal.FindInstanceAsync("i-1", CancellationToken.None);
        Assert.Equal("hash-1", found!.DefinitionHash);
        Assert.Equal("runner-a", found.Lease!.Owner.RunnerId);

        // The new definition row went down with the failed transaction.
        Assert.Null(await journal.FindDefinitionAsync("hash-2", CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();
}
