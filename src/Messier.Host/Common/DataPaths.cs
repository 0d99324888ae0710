using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Common;

/// <summary>
/// Path rules for the activities that move, copy and delete data. Paths must be absolute and
/// already normal: a relative path resolved against whatever directory the runner started in, or a
/// "/srv/x/.." that is really "/srv", is how a script ends up deleting the wrong tree.
/// </summary>
internal static class DataPaths
{
    /// <summary>The property's value as an absolute, normal path without a trailing slash; anything else fails the step.</summary>
    public static string Absolute(StepContext context, string property)
    {
        var value = context.Inputs.GetString(property);
        return Check(value, $"Activity '{context.Node.Id}': {property}");
    }

    /// <summary>As <see cref="Absolute"/>, for an optional property.</summary>
    public static string? OptionalAbsolute(StepContext context, string property) =>
        context.Inputs.GetOptionalString(property) is { } value ? Check(value, $"Activity '{context.Node.Id}': {property}") : null;

    public static string Check(string value, string what)
    {
        if (value.Length == 0 || value[0] != '/')
        {
            throw new StepFailedException($"{what} must be an absolute path, got '{Printable.Show(value)}'.") { Retryable = false };
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new StepFailedException($"{what} contains a NUL character.") { Retryable = false };
        }

        var trimmed = value.Length > 1 ? value.TrimEnd('/') : value;
        var normal = Path.GetFullPath(trimmed);
        if (!string.Equals(normal, trimmed.Length == 0 ? "/" : trimmed, StringComparison.Ordinal))
        {
            throw new StepFailedException($"{what} must be a normal path (no '.', '..' or repeated slashes): '{Printable.Show(value)}' is really '{Printable.Show(normal)}'.") { Retryable = false };
        }

        return normal;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool IsSameOrBelow(string path, string ancestor) =>
        string.Equals(path, ancestor, StringComparison.Ordinal)
        || path.StartsWith(ancestor == "/" ? "/" : ancestor + "/", StringComparison.Ordinal);

    /// <summary>Whether anything is at the path, a dangling symlink included (File.Exists says no to those).</summary>
    public static bool Exists(string path) =>
        Directory.Exists(path) || File.Exists(path) || new FileInfo(path).LinkTarget is not null;

    public static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>A real directory (not a symlink to one).</summary>
    public static bool IsDirectory(string path) => Directory.Exists(path) && !IsSymlink(path);

    /// <summary>
    /// A directory with nothing in it that matters. A fresh ext4 filesystem has an empty
    /// lost+found at its root, and a mounted but unused filesystem is exactly the "empty" this means.
    /// </summary>
    public static bool IsEmptyDirectory(string path) =>
        IsDirectory(path) && !Directory.EnumerateFileSystemEntries(path).Any(entry => !IsEmptyLostAndFound(entry));

    /// <summary>The entries that make a directory non-empty, in the sense of <see cref="IsEmptyDirectory"/>.</summary>
    public static IEnumerable<string> MeaningfulEntries(string path) =>
        Directory.EnumerateFileSystemEntries(path).Where(entry => !IsEmptyLostAndFound(entry));

    private static bool IsEmptyLostAndFound(string entry) =>
        string.Equals(Path.GetFileName(entry), "lost+found", StringComparison.Ordinal)
        && IsDirectory(entry)
        && !Directory.EnumerateFileSystemEntries(entry).Any();
}
