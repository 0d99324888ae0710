namespace Messier.Workflows.Definitions;

/// <summary>Finds a definition by name, for Call activities (the CLI resolves names in its definition folders).</summary>
public interface IDefinitionResolver
{
    /// <summary>The definition, or every reason it cannot be had (not found, invalid).</summary>
    DefinitionLoadResult Resolve(string name);
}
