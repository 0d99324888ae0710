namespace Messier.Host.Zfs;

/// <summary>How a dataset stands towards the directory tree, as <c>zfs list</c> reports it.</summary>
/// <param name="Name">The dataset.</param>
/// <param name="Mounted">Mounted now.</param>
/// <param name="Mountpoint">The mountpoint property: a path, none or legacy; null where it does not apply (a volume).</param>
/// <param name="Canmount">The canmount property (on, off, noauto); null where it does not apply.</param>
internal sealed record DatasetMountState(string Name, bool Mounted, string? Mountpoint, string? Canmount);
