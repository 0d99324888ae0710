namespace Messier.Host.Files;

/// <summary>
/// Turns rsync's itemized change codes (<c>%i</c>, e.g. <c>&gt;fcst......</c>) into words, so a
/// verification failure says "differs in content, size, mtime" instead of making the operator read
/// rsync's manual.
/// </summary>
internal static class RsyncItemize
{
    /// <summary>The field width of %i: YXcstpoguax.</summary>
    public const int Width = 11;

    /// <summary>Describes one itemized line (the %i field, a space, the name and any link suffix).</summary>
    /// <param name="sides">What the operator calls the two trees, e.g. ("the original", "the copy").</param>
    public static string Describe(string line, (string Source, string Target) sides)
    {
        if (line.Length <= Width)
        {
            return line;
        }

        var item = line[..Width];
        var name = line[(Width + 1)..];
        if (item.StartsWith("*deleting", StringComparison.Ordinal))
        {
            return $"{name}: only in {sides.Target}";
        }

        if (item.Contains("+++++++++", StringComparison.Ordinal))
        {
            return $"{name}: missing from {sides.Target}";
        }

        if (item[0] == 'h')
        {
            var link = name.LastIndexOf(" => ", StringComparison.Ordinal);
            return link < 0
                ? $"{name}: not hard-linked as in {sides.Source}"
                : $"{name[..link]}: not hard-linked to {name[(link + 4)..]} as in {sides.Source}";
        }

        var pointsTo = string.Empty;
        var arrow = item[1] == 'L' ? name.LastIndexOf(" -> ", StringComparison.Ordinal) : -1;
        if (arrow >= 0)
        {
            pointsTo = $", pointing to {name[(arrow + 4)..]} in {sides.Source}";
            name = name[..arrow];
        }

        var what = new List<string>();
        for (var i = 2; i < Width; i++)
        {
            var word = (i, item[i]) switch
            {
                (2, 'c') => item[1] == 'L' ? "symlink target" : "content",
                (3, 's') => "size",
                (4, 't' or 'T') => "mtime",
                (5, 'p') => "permissions",
                (6, 'o') => "owner",
                (7, 'g') => "group",
                (9, 'a') => "ACL",
                (10, 'x') => "xattrs",
                _ => null,
            };
            if (word is not null)
            {
                what.Add(word);
            }
        }

        if (what.Count == 0 && item[0] is '>' or '<' or 'c')
        {
            what.Add("content");
        }

        return what.Count == 0
            ? $"{name}: differs ({item.TrimEnd()})"
            : $"{name}: differs in {string.Join(", ", what)}{pointsTo} ({item.TrimEnd()})";
    }
}
