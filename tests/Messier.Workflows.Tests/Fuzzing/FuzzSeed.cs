namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>A starting text for the mutator, and where it came from (a repository file or a hand-written case).</summary>
internal sealed record FuzzSeed(string Origin, string Text);
