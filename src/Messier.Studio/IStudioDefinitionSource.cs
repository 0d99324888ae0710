namespace Messier.Studio;

/// <summary>
/// Where the Studio finds definitions to list. The CLI owns the search folders; the Studio only
/// reads what they hold, each time it is asked, so an edited file shows without a restart.
/// </summary>
public interface IStudioDefinitionSource
{
    IReadOnlyList<StudioDefinition> List();
}
