namespace Messier.Journal.Definitions;

/// <summary>
/// A row of <c>definitions</c>: a pinned definition text, stored once per hash however many
/// instances run it.
/// </summary>
public sealed class DefinitionEntity
{
    /// <summary>SHA-256 of <see cref="Json"/>, as the engine computed it.</summary>
    public required string Hash { get; set; }

    public required string Name { get; set; }

    public required string Json { get; set; }

    /// <summary>Where the definition was loaded from when first pinned, for operators.</summary>
    public string? Path { get; set; }
}
