using Messier.Workflows.Definitions;

namespace Messier.Studio;

/// <summary>A definition file the Studio lists, as the composition root's catalog found it.</summary>
/// <param name="Shadowed">A file of the same name in an earlier search folder wins over this one.</param>
public sealed record StudioDefinition(string Name, string Path, DefinitionLoadResult Load, bool Shadowed);
