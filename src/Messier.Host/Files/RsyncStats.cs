using System.Globalization;
using System.Text.RegularExpressions;

namespace Messier.Host.Files;

/// <summary>
/// Collects the counts of rsync's <c>--stats --no-h</c> summary from its output lines as they
/// stream by. Read from the stream rather than the captured output because the capture keeps only
/// a head and a tail of a long run's output.
/// </summary>
internal sealed partial class RsyncStats
{
    private readonly Lock gate = new();
    private long entries;
    private long regularFiles;
    private long bytes;

    /// <summary>Every entry rsync counted: files, directories, symlinks, devices.</summary>
    public long Entries
    {
        get
        {
            lock (gate)
            {
                return entries;
            }
        }
    }

    public long RegularFiles
    {
        get
        {
            lock (gate)
            {
                return regularFiles;
            }
        }
    }

    /// <summary>The total size of the regular files (apparent size, so a sparse file counts whole).</summary>
    public long Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes;
            }
        }
    }

    public void Offer(string line)
    {
        var files = NumberOfFiles().Match(line);
        if (files.Success)
        {
            lock (gate)
            {
                entries = long.Parse(files.Groups["all"].Value, CultureInfo.InvariantCulture);
                var reg = RegularCount().Match(line);
                regularFiles = reg.Success ? long.Parse(reg.Groups["reg"].Value, CultureInfo.InvariantCulture) : 0;
            }

            return;
        }

        var size = TotalFileSize().Match(line);
        if (size.Success)
        {
            lock (gate)
            {
                bytes = long.Parse(size.Groups["bytes"].Value, CultureInfo.InvariantCulture);
            }
        }
    }

    [GeneratedRegex(@"^Number of files: (?<all>\d+)")]
    private static partial Regex NumberOfFiles();

    [GeneratedRegex(@"\breg: (?<reg>\d+)")]
    private static partial Regex RegularCount();

    [GeneratedRegex(@"^Total file size: (?<bytes>\d+) bytes")]
    private static partial Regex TotalFileSize();
}
