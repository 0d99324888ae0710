using Messier.Workflows.Definitions;

namespace Messier.Cli.Definitions;

/// <summary>
/// Finds definitions by name (<c>NAME.json</c>) in the search folders, first match wins:
/// --definitions folders, then /etc/messier/workflows, then the workflows/ shipped with messier.
/// A path to a file is loaded as it is.
/// </summary>
internal sealed class DefinitionCatalog : IDefinitionResolver
{
    public const string SystemDirectory = "/etc/messier/workflows";

    private readonly DefinitionLoader loader;

    public DefinitionCatalog(DefinitionLoader loader, IReadOnlyList<string> extraDirectories)
    {
        this.loader = loader;
        SearchDirectories = [.. extraDirectories.Select(Path.GetFullPath), SystemDirectory, ShippedDirectory];
    }

    /// <summary>The workflows/ folder beside the messier binary.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "workflows");

    public IReadOnlyList<string> SearchDirectories { get; }

    public DefinitionLoadResult Resolve(string nameOrFile)
    {
        if (LooksLikePath(nameOrFile))
        {
            return File.Exists(nameOrFile)
                ? loader.LoadFile(Path.GetFullPath(nameOrFile))
                : new DefinitionLoadResult(null, [new ValidationError(nameOrFile, "$", null, null, "no such file")]);
        }

        foreach (var directory in SearchDirectories)
        {
            var candidate = Path.Combine(directory, nameOrFile + ".json");
            if (File.Exists(candidate))
            {
                return loader.LoadFile(candidate);
            }
        }

        var known = List().Select(e => e.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new DefinitionLoadResult(null, [new ValidationError(
            nameOrFile,
            "$",
            null,
            null,
            $"no definition named '{nameOrFile}' in {string.Join(", ", SearchDirectories)}{(known.Count > 0 ? $"; known: {string.Join(", ", known)}" : string.Empty)}")]);
    }

    /// <summary>Every definition file in the search folders; a name shadowed by an earlier folder is marked.</summary>
    public IReadOnlyList<CatalogEntry> List()
    {
        var entries = new List<CatalogEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in SearchDirectories.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var result = loader.LoadFile(file);
                entries.Add(new CatalogEntry(name, file, result, Shadowed: !seen.Add(name)));
            }
        }

        return entries;
    }

    private static bool LooksLikePath(string nameOrFile) =>
        nameOrFile.Contains('/', StringComparison.Ordinal) || nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
