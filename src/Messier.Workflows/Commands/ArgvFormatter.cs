using System.Text;

namespace Messier.Workflows.Commands;

/// <summary>
/// Renders an argv for people to read (logs, dry-run plans): each word quoted the POSIX way only
/// when it needs it. For display only; commands are never run from this text.
/// </summary>
public static class ArgvFormatter
{
    public static string Format(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal)))
        {
            return word;
        }

        var builder = new StringBuilder("'");
        foreach (var c in word)
        {
            builder.Append(c == '\'' ? "'\\''" : c.ToString());
        }

        return builder.Append('\'').ToString();
    }
}
