namespace Messier.Host.Files;

/// <summary>What comparing a target tree with its source found.</summary>
/// <param name="Differences">The first differences, in words, each naming its path relative to the roots.</param>
/// <param name="DifferenceCount">All differences found, listed or not.</param>
/// <param name="Entries">Entries in the source that were checked (files, directories, links, devices).</param>
/// <param name="RegularFiles">Regular files among them.</param>
/// <param name="Bytes">Their total size.</param>
internal sealed record TreeComparisonResult(IReadOnlyList<string> Differences, long DifferenceCount, long Entries, long RegularFiles, long Bytes)
{
    public bool Identical => DifferenceCount == 0;

    /// <summary>The differences for a message: the listed ones and how many more there are.</summary>
    public string Describe()
    {
        var more = DifferenceCount - Differences.Count;
        return string.Join("; ", Differences) + (more > 0 ? $"; and {more} more" : string.Empty);
    }
}
