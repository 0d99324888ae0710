using Messier.Workflows.Definitions;

namespace Messier.Cli.Definitions;

/// <summary>A definition file found in a search folder.</summary>
/// <param name="Shadowed">A file of the same name in an earlier folder wins over this one.</param>
internal sealed record CatalogEntry(string Name, string Path, DefinitionLoadResult Load, bool Shadowed);
