namespace Messier.Host.Restic;

/// <summary>One snapshot as <c>restic snapshots --json</c> describes it.</summary>
/// <param name="Id">The full id; restores use it, not "latest", so a backup taken meanwhile cannot change what is restored.</param>
/// <param name="Paths">The absolute paths that were backed up.</param>
internal sealed record ResticSnapshot(string Id, DateTimeOffset Time, IReadOnlyList<string> Paths);
