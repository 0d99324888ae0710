using System.Globalization;
using System.Text;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Commands;

namespace Messier.Host.Files;

/// <summary>
/// What a copy of a tree onto a filesystem would lose: the POSIX ACLs and the xattr namespaces the
/// target cannot hold (found by probing the target itself), with the files that have them. CopyTree
/// refuses on it right before copying; CheckCopyTarget asks the same question before a flow moves
/// anything, on a directory of the filesystem the copy will land on.
/// </summary>
internal sealed class MetadataLoss
{
    /// <summary>How many lost files a refusal names in its message; the outputs list up to <see cref="MetadataInventory.Listed"/>.</summary>
    private const int NamedInMessage = 10;

    private MetadataLoss(MetadataInventory inventory, bool aclsLost, IReadOnlyList<string> lostSpaces)
    {
        Inventory = inventory;
        AclsLost = aclsLost;
        LostSpaces = lostSpaces;
    }

    public MetadataInventory Inventory { get; }

    public bool AclsLost { get; }

    /// <summary>The xattr namespaces (user, trusted, security, system) that would not arrive.</summary>
    public IReadOnlyList<string> LostSpaces { get; }

    public bool Any => AclsLost || LostSpaces.Count > 0;

    public IReadOnlyList<string> LostXattrs => LostSpaces.SelectMany(space => Inventory.XattrNamespaces[space].Samples).Take(MetadataInventory.Listed).ToList();

    public long LostXattrCount => LostSpaces.Sum(space => Inventory.XattrNamespaces[space].Count);

    public IReadOnlyList<string> LostAcls => AclsLost ? Inventory.Acls.Samples : [];

    public long LostAclCount => AclsLost ? Inventory.Acls.Count : 0;

    /// <summary>Lists every ACL and xattr under <paramref name="source"/> (getfacl/getfattr); an unreadable file fails the step.</summary>
    public static async Task<MetadataInventory> ScanAsync(StepContext context, string source, CancellationToken cancellationToken)
    {
        var inventory = new MetadataInventory();
        var scan = await context.RunCommandAsync(
            new CommandRequest(MetadataInventory.ScanArgv) { WorkingDirectory = source, AcceptedExitCodes = [], OnOutputLine = inventory.Offer },
            cancellationToken);
        inventory.Complete();
        if (scan.ExitCode != 0)
        {
            // An unreadable file is one whose metadata is unknown; copying on would be a guess.
            throw new StepFailedException($"cannot list the ACLs and xattrs in {source}: {ArgvFormatter.Format(scan.Argv)} exited with {scan.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "no code"}: {scan.StandardError.Trim()}");
        }

        return inventory;
    }

    /// <summary>Probes <paramref name="targetDirectory"/> (an existing directory) for what the inventory needs.</summary>
    public static async Task<MetadataLoss> AssessAsync(StepContext context, MetadataInventory inventory, string targetDirectory, CancellationToken cancellationToken)
    {
        var capabilities = inventory.IsEmpty
            ? new TargetCapabilities(true, new HashSet<string>())
            : await CapabilityProbe.ProbeAsync(context, targetDirectory, inventory, cancellationToken);
        var aclsLost = inventory.Acls.Count > 0 && !capabilities.Acls;
        var lostSpaces = inventory.XattrNamespaces.Keys
            .Where(space => space == CapabilityProbe.SystemNamespace || capabilities.UnsupportedNamespaces.Contains(space))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new MetadataLoss(inventory, aclsLost, lostSpaces);
    }

    /// <summary>The refusal: the headline, then what would be lost and which files have it.</summary>
    public string Refusal(string headline)
    {
        var text = new StringBuilder(headline);
        if (AclsLost)
        {
            text.Append(CultureInfo.InvariantCulture, $" The target's filesystem does not hold POSIX ACLs, which {Inventory.Acls.Count} files have: {Named(Inventory.Acls)}.");
        }

        foreach (var space in LostSpaces)
        {
            var why = space == CapabilityProbe.SystemNamespace
                ? "rsync does not copy system.* attributes other than ACLs"
                : $"the target's filesystem does not hold {space}.* extended attributes";
            var files = Inventory.XattrNamespaces[space];
            text.Append(CultureInfo.InvariantCulture, $" {char.ToUpperInvariant(why[0])}{why[1..]}, which {files.Count} files have: {Named(files)}.");
        }

        text.Append(" Copy to a filesystem that holds them, or set acceptLoss: true to copy everything else and have the lost items listed in the step's outputs. (Names are relative to the source, non-printable bytes as \\ooo.)");
        return text.ToString();
    }

    private static string Named(MetadataCategory category)
    {
        var named = string.Join("; ", category.Samples.Take(NamedInMessage));
        var more = category.Count - Math.Min(category.Samples.Count, NamedInMessage);
        return more > 0 ? $"{named}; and {more} more" : named;
    }
}
