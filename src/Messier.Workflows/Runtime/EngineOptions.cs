namespace Messier.Workflows.Runtime;

/// <summary>Tunables of the engine.</summary>
public sealed record EngineOptions
{
    /// <summary>How long a lease lasts without a heartbeat; a runner renews it every third of this.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    public static EngineOptions Default { get; } = new();
}
