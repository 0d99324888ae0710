using Messier.Workflows.Activities;

namespace Messier.Host.Zfs;

/// <summary>Registers the pools, datasets (status, mounting, detaching), snapshots activities.</summary>
internal static class ZfsActivities
{
    public static void Register(ActivityRegistry registry)
    {
        registry.Register(new EnsureDatasetActivity());
        registry.Register(new ZfsPreflightActivity());
        registry.Register(new PoolStatusActivity());
        registry.Register(new CreatePoolActivity());
        registry.Register(new ImportPoolActivity());
        registry.Register(new MountDatasetActivity());
        registry.Register(new DetachDatasetActivity());
        registry.Register(new DatasetStatusActivity());
        registry.Register(new SnapshotActivity());
        registry.Register(new LatestSnapshotActivity());
        registry.Register(new RollbackActivity());
    }
}
