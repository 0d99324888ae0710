namespace Messier.Host.Files;

/// <summary>Files carrying one kind of metadata (ACLs, or xattrs of one namespace): the first <see cref="MetadataInventory.Listed"/> named, all counted.</summary>
internal sealed class MetadataCategory
{
    private readonly List<string> samples = [];

    public long Count { get; private set; }

    /// <summary>"path: what it carries", in getfattr's order.</summary>
    public IReadOnlyList<string> Samples => samples;

    public void Add(string sample)
    {
        Count++;
        if (samples.Count < MetadataInventory.Listed)
        {
            samples.Add(sample);
        }
    }
}
