using Messier.Workflows.Activities;

namespace Messier.Host.Services;

/// <summary>Registers the stopping and starting services activities.</summary>
internal static class ServiceActivities
{
    public static void Register(ActivityRegistry registry)
    {
        registry.Register(new StopServicesActivity());
        registry.Register(new StartServicesActivity());
    }
}
