namespace Messier.Workflows.Journal;

/// <summary>What the journal needs to create an instance that pins its definition.</summary>
/// <param name="DefinitionJson">The exact definition text the instance will run, whatever later happens to the file.</param>
public sealed record NewInstance(
    string Id,
    string DefinitionName,
    string DefinitionHash,
    string DefinitionJson,
    string? DefinitionPath,
    string StateJson,
    string InputJson,
    IReadOnlyList<JournalEntry> Entries,
    string? ParentInstanceId);
