using Messier.Workflows.Activities;

namespace Messier.Host.Drives;

/// <summary>Registers the drive discovery activities.</summary>
internal static class DriveActivities
{
    public static void Register(ActivityRegistry registry)
    {
        registry.Register(new DiscoverDrivesActivity());
    }
}
