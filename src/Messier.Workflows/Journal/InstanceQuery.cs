namespace Messier.Workflows.Journal;

/// <summary>A filter and page for listing instances, newest first.</summary>
/// <param name="Statuses">Stored statuses to include; empty means all.</param>
public sealed record InstanceQuery(
    IReadOnlyList<InstanceStatus> Statuses,
    string? DefinitionName = null,
    string? IdPrefix = null,
    int Skip = 0,
    int Take = int.MaxValue);
