namespace Messier.Host.Files;

/// <summary>What a target filesystem was found to hold, for the metadata the source has.</summary>
/// <param name="Acls">Access ACLs (and default ACLs, when the source has any) can be set.</param>
/// <param name="UnsupportedNamespaces">Xattr namespaces of the source the target refused.</param>
internal sealed record TargetCapabilities(bool Acls, IReadOnlySet<string> UnsupportedNamespaces);
