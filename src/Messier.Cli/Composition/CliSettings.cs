namespace Messier.Cli.Composition;

/// <summary>The resolved global settings of one invocation.</summary>
internal sealed record CliSettings(string JournalPath, IReadOnlyList<string> ExtraDefinitionDirectories, bool Quiet);
