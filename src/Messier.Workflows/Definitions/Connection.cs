namespace Messier.Workflows.Definitions;

/// <summary>A Flowchart edge: when <see cref="From"/> completes with <see cref="Outcome"/>, <see cref="To"/> runs.</summary>
public sealed record Connection(string From, string Outcome, string To, string Path);
