using Messier.Workflows.Activities;

namespace Messier.Host.Files;

/// <summary>Registers the moving aside, faithful copies, verification and comparison, verified removal, ownership, directory and inspection activities.</summary>
internal static class FileActivities
{
    public static void Register(ActivityRegistry registry)
    {
        registry.Register(new MoveAsideActivity());
        registry.Register(new CopyTreeActivity());
        registry.Register(new CheckCopyTargetActivity());
        registry.Register(new VerifyTreeActivity());
        registry.Register(new CompareTreesActivity());
        registry.Register(new RemoveVerifiedCopyActivity());
        registry.Register(new EnsureOwnershipActivity());
        registry.Register(new InspectPathsActivity());
        registry.Register(new EnsureDirectoryActivity());
    }
}
