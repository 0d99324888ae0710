using Messier.Workflows.Activities;

namespace Messier.Host.Docker;

/// <summary>Registers the Docker networks activities.</summary>
internal static class DockerActivities
{
    public static void Register(ActivityRegistry registry)
    {
        registry.Register(new EnsureDockerNetworkActivity());
    }
}
