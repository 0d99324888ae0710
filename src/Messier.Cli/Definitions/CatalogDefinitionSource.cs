using Messier.Studio;

namespace Messier.Cli.Definitions;

/// <summary>The Studio's view of the definition folders: the same catalog <c>definitions list</c> reads.</summary>
internal sealed class CatalogDefinitionSource(DefinitionCatalog catalog) : IStudioDefinitionSource
{
    public IReadOnlyList<StudioDefinition> List() =>
        catalog.List().Select(e => new StudioDefinition(e.Name, e.Path, e.Load, e.Shadowed)).ToList();
}
