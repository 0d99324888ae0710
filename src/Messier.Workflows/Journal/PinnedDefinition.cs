namespace Messier.Workflows.Journal;

/// <summary>The definition text an instance pinned when it started.</summary>
public sealed record PinnedDefinition(string Hash, string Name, string Json, string? Path);
