namespace Messier.Workflows.Definitions;

/// <summary>A loaded definition, or every error found in it (never both).</summary>
public sealed record DefinitionLoadResult(WorkflowDefinition? Definition, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Definition is not null && Errors.Count == 0;
}
