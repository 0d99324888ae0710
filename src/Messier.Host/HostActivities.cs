using Messier.Workflows.Activities;

namespace Messier.Host;

/// <summary>Registers the host activities with an engine's registry.</summary>
public static class HostActivities
{
    public static ActivityRegistry AddHostActivities(this ActivityRegistry registry)
    {
        registry.Register(new Zfs.EnsureDatasetActivity());
        return registry;
    }
}
