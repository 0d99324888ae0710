namespace Messier.Workflows.Leases;

/// <summary>The answer to a heartbeat.</summary>
public sealed record LeaseRenewal(bool StillOwned, bool CancelRequested);
