namespace Messier.Host.Files;

/// <summary>
/// Which files of a tree carry extended attributes and POSIX ACLs, read from
/// <c>getfattr -R -m - -P -h .</c> run in the tree (names only, never values). Kept per xattr
/// namespace, because a target may hold user.* but not trusted.*, and bounded: a Docker tree can
/// have an xattr on every overlay directory, so beyond <see cref="Listed"/> files they are counted.
/// </summary>
internal sealed class MetadataInventory
{
    /// <summary>How many files are named per category; the rest are counted.</summary>
    public const int Listed = 100;

    private const string FileHeader = "# file: ";
    private const string AccessAcl = "system.posix_acl_access";
    private const string DefaultAcl = "system.posix_acl_default";

    private readonly Dictionary<string, MetadataCategory> namespaces = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private string? currentFile;
    private List<string> currentNames = [];

    /// <summary>The argv that produces the listing, run with the tree as working directory so names come out relative to it.</summary>
    public static IReadOnlyList<string> ScanArgv { get; } = ["getfattr", "--recursive", "--physical", "--no-dereference", "--match=-", "."];

    /// <summary>Files with an access or default ACL.</summary>
    public MetadataCategory Acls { get; } = new();

    /// <summary>Files with a default ACL (directories only); a target may hold access ACLs but not these.</summary>
    public bool HasDefaultAcls { get; private set; }

    /// <summary>Xattr namespaces (user, trusted, security, …) and the files with attributes in each.</summary>
    public IReadOnlyDictionary<string, MetadataCategory> XattrNamespaces => namespaces;

    public bool IsEmpty => Acls.Count == 0 && namespaces.Count == 0;

    /// <summary>Takes one line of getfattr's output.</summary>
    public void Offer(string line)
    {
        lock (gate)
        {
            if (line.StartsWith(FileHeader, StringComparison.Ordinal))
            {
                Flush();
                currentFile = line[FileHeader.Length..];
                return;
            }

            if (line.Length == 0)
            {
                Flush();
                return;
            }

            // getfattr's own complaints come on stderr, merged into the same stream; the exit code reports them.
            if (currentFile is not null && !line.StartsWith("getfattr: ", StringComparison.Ordinal))
            {
                currentNames.Add(line);
            }
        }
    }

    /// <summary>Ends the listing (the last file has no blank line after it when output is cut).</summary>
    public void Complete()
    {
        lock (gate)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (currentFile is null || currentNames.Count == 0)
        {
            currentFile = null;
            currentNames = [];
            return;
        }

        // getfattr prints the tree's root as "." and the rest relative to it, non-printable bytes as \ooo.
        var file = currentFile;
        var acl = new List<string>();
        var byNamespace = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in currentNames)
        {
            if (name == AccessAcl)
            {
                acl.Add("access");
            }
            else if (name == DefaultAcl)
            {
                acl.Add("default");
                HasDefaultAcls = true;
            }
            else
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                var space = dot > 0 ? name[..dot] : name;
                if (!byNamespace.TryGetValue(space, out var names))
                {
                    byNamespace[space] = names = [];
                }

                names.Add(name);
            }
        }

        if (acl.Count > 0)
        {
            Acls.Add($"{file}: {string.Join(", ", acl)} ACL");
        }

        foreach (var (space, names) in byNamespace)
        {
            if (!namespaces.TryGetValue(space, out var category))
            {
                namespaces[space] = category = new MetadataCategory();
            }

            category.Add($"{file}: {string.Join(", ", names)}");
        }

        currentFile = null;
        currentNames = [];
    }
}
