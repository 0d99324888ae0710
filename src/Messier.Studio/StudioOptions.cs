namespace Messier.Studio;

/// <summary>How <c>messier studio</c> serves: where it listens, the action token, and whether actions are allowed at all.</summary>
public sealed record StudioOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The addresses Kestrel listens on; port 0 picks a free port (the tests use it).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>When set, every action must carry <c>Authorization: Bearer TOKEN</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Pages show no action buttons and the API refuses actions with 403.</summary>
    public bool ReadOnly { get; init; }
}
