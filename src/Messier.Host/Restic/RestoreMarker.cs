namespace Messier.Host.Restic;

/// <summary>What a finished restic restore wrote down before anything was moved out of the staging.</summary>
/// <param name="RootAttributes">
/// The restored directory's owner, mode and mtime as <c>stat -c %u:%g:%a:%.9Y</c> printed them,
/// taken before its entries were moved out (which changes its mtime), for the target to take on.
/// </param>
/// <param name="Files">How many entries the restored directory held, counted before any was moved.</param>
internal sealed record RestoreMarker(string SnapshotId, string Path, string RootAttributes, long Files);
