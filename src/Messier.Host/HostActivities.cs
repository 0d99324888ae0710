using Messier.Workflows.Activities;

namespace Messier.Host;

/// <summary>Registers the host activities with an engine's registry.</summary>
public static class HostActivities
{
    public static ActivityRegistry AddHostActivities(this ActivityRegistry registry)
    {
        // One registration per area, so each area's activities are listed next to their code.
        Drives.DriveActivities.Register(registry);
        Zfs.ZfsActivities.Register(registry);
        Services.ServiceActivities.Register(registry);
        Docker.DockerActivities.Register(registry);
        Files.FileActivities.Register(registry);
        Restic.ResticActivities.Register(registry);
        Accounts.AccountActivities.Register(registry);
        return registry;
    }
}
