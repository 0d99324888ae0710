using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Files;

/// <summary>
/// Finds out, before anything is copied, whether a target filesystem can hold the ACLs and the
/// xattr namespaces a source has, by setting them on a probe directory inside the target (the
/// only honest test: zfs-fuse, some FUSE and network filesystems refuse them with "Operation not
/// supported", which rsync reports only after it has copied the data without them).
/// </summary>
internal static class CapabilityProbe
{
    /// <summary>The probe's name inside the target; fixed, so a probe left by a crash is recognised and removed.</summary>
    public const string ProbeName = ".messier-capability-probe";

    /// <summary>Namespaces rsync -X never copies (it handles ACLs with -A and skips the rest of system.*).</summary>
    public const string SystemNamespace = "system";

    public static async Task<TargetCapabilities> ProbeAsync(StepContext context, string target, MetadataInventory inventory, CancellationToken cancellationToken)
    {
        var probe = Path.Combine(target, ProbeName);
        RemoveLeftover(probe);
        Directory.CreateDirectory(probe);
        try
        {
            var acls = true;
            if (inventory.Acls.Count > 0)
            {
                // A uid with or without a passwd entry works the same for an ACL entry; 65534 is nobody.
                acls = (await context.QueryAsync(["setfacl", "-m", "u:65534:r", "--", probe], cancellationToken)).ExitCode == 0;
                if (acls && inventory.HasDefaultAcls)
                {
                    acls = (await context.QueryAsync(["setfacl", "-d", "-m", "u:65534:r", "--", probe], cancellationToken)).ExitCode == 0;
                }
            }

            var unsupported = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var space in inventory.XattrNamespaces.Keys)
            {
                if (space == SystemNamespace)
                {
                    continue;
                }

                var set = await context.QueryAsync(["setfattr", "-n", $"{space}.messier-probe", "-v", "1", "--", probe], cancellationToken);
                if (set.ExitCode != 0)
                {
                    unsupported.Add(space);
                }
            }

            return new TargetCapabilities(acls, unsupported);
        }
        finally
        {
            Directory.Delete(probe);
        }
    }

    /// <summary>Removes a probe left by a crash, which is always an empty directory; anything else by that name is not ours.</summary>
    public static void RemoveLeftover(string probe)
    {
        if (!DataPaths.Exists(probe))
        {
            return;
        }

        if (!DataPaths.IsDirectory(probe) || Directory.EnumerateFileSystemEntries(probe).Any())
        {
            throw new StepFailedException($"{probe} exists and is not an empty probe directory left by messier; move it away and retry.") { Retryable = false };
        }

        Directory.Delete(probe);
    }
}
