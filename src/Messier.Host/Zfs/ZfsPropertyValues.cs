using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Messier.Host.Zfs;

/// <summary>
/// Decides whether a value fits a VALUES column of zpool's or zfs's property table. Enumerations
/// ("on | off | gzip-[1-9]") are checked exactly, with "[a-b]" as a number in that range and
/// "[,verify]" as an optional suffix; free-form entries ("&lt;size&gt;", "512 to 128k, power of 2")
/// accept anything, except a numeric range written inside one ("&lt;ashift, 9-13, or 0=default&gt;").
/// </summary>
internal static partial class ZfsPropertyValues
{
    public static bool Accepts(string values, string value)
    {
        foreach (var raw in values.Split('|'))
        {
            var alternative = raw.Trim();
            if (alternative.StartsWith('<'))
            {
                if (FreeFormAccepts(alternative, value))
                {
                    return true;
                }
            }
            else if (alternative.Contains(' ', StringComparison.Ordinal) || alternative.Length == 0)
            {
                // Described in words ("share(1M) options"): nothing to check against.
                return true;
            }
            else if (PatternAccepts(alternative, value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FreeFormAccepts(string alternative, string value)
    {
        var range = NumberRange().Match(alternative);
        if (!range.Success)
        {
            return true;
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var low = long.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture);
        var high = long.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture);
        if (number >= low && number <= high)
        {
            return true;
        }

        return DefaultNumber().Match(alternative) is { Success: true } fallback && fallback.Groups[1].Value == value;
    }

    private static bool PatternAccepts(string alternative, string value)
    {
        var pattern = new StringBuilder("^");
        var ranges = new List<(long Low, long High)?>();
        var at = 0;
        while (at < alternative.Length)
        {
            var open = alternative.IndexOf('[', at);
            var close = open < 0 ? -1 : alternative.IndexOf(']', open);
            if (open < 0 || close < 0)
            {
                pattern.Append(Regex.Escape(alternative[at..]));
                break;
            }

            pattern.Append(Regex.Escape(alternative[at..open]));
            var inside = alternative[(open + 1)..close];
            var range = NumberRange().Match(inside);
            if (range.Success && range.Length == inside.Length)
            {
                pattern.Append(@"([0-9]+)");
                ranges.Add((long.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture)));
            }
            else if (inside.Length > 0 && !char.IsAsciiDigit(inside[0]))
            {
                pattern.Append("(?:").Append(Regex.Escape(inside)).Append(")?");
            }
            else
            {
                // A list such as [1-10,20,30,...,100]: any number; zfs itself has the last word.
                pattern.Append(@"([0-9]+)");
                ranges.Add(null);
            }

            at = close + 1;
        }

        var match = Regex.Match(value, pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return false;
        }

        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i] is { } bounds
                && (!long.TryParse(match.Groups[i + 1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < bounds.Low || number > bounds.High))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"([0-9]+)-([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRange();

    [GeneratedRegex(@"([0-9]+)=default", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultNumber();
}
