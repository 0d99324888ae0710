using System.Text.RegularExpressions;

namespace Messier.Host.Files;

/// <summary>
/// rsync writes each file to a temporary ".NAME.XXXXXX" beside its final place and renames it once
/// complete. An rsync that is SIGKILLed (a reboot, the OOM killer, a resume stopping a hung
/// runner's copy) cannot remove that partial file; the next rsync leaves it where it is, as a
/// stray the verification then rightly finds. A file is taken for such a leftover only when the
/// source's same folder has no entry by its own name and does have a file NAME (or, as rsync
/// shortens long names to fit, one whose name starts with a 246-character NAME): it is then an
/// incomplete copy of a file the source still holds, and removing it loses nothing.
/// </summary>
internal static partial class RsyncPartialFiles
{
    /// <summary>rsync keeps at most this many characters of a name in its temporary name (NAME_MAX - 8 - 1).</summary>
    private const int ShortenedNameLength = 246;

    /// <summary>The partial files below <paramref name="target"/>, as paths relative to it.</summary>
    public static IReadOnlyList<string> Find(string source, string target)
    {
        var found = new List<string>();
        Walk(source, target, string.Empty, found);
        return found;
    }

    private static void Walk(string source, string target, string relative, List<string> found)
    {
        var targetFolder = Path.Combine(target, relative);
        var sourceFolder = Path.Combine(source, relative);
        foreach (var entry in new DirectoryInfo(targetFolder).EnumerateFileSystemInfos())
        {
            var path = Path.Combine(relative, entry.Name);
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo)
            {
                Walk(source, target, path, found);
            }
            else if (entry is FileInfo && IsPartialOfSourceFile(sourceFolder, entry.Name))
            {
                found.Add(path);
            }
        }
    }

    private static bool IsPartialOfSourceFile(string sourceFolder, string name)
    {
        var match = TemporaryName().Match(name);
        if (!match.Success || !Directory.Exists(sourceFolder) || Path.Exists(Path.Combine(sourceFolder, name)))
        {
            return false;
        }

        var original = match.Groups["name"].Value;
        if (File.Exists(Path.Combine(sourceFolder, original)))
        {
            return true;
        }

        return original.Length == ShortenedNameLength
            && new DirectoryInfo(sourceFolder).EnumerateFiles().Any(f => f.LinkTarget is null && f.Name.StartsWith(original, StringComparison.Ordinal));
    }

    /// <summary>rsync's temporary name: a dot, the name, a dot and mkstemp's six letters or digits.</summary>
    [GeneratedRegex(@"^\.(?<name>.+)\.[A-Za-z0-9]{6}$")]
    private static partial Regex TemporaryName();
}
