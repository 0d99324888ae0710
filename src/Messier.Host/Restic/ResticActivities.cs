using Messier.Workflows.Activities;

namespace Messier.Host.Restic;

/// <summary>Registers the restic restores activities.</summary>
internal static class ResticActivities
{
    public static void Register(ActivityRegistry registry)
    {
        registry.Register(new ResticRestoreActivity());
    }
}
