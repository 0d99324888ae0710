namespace Messier.Cli.Tests.BadInput;

/// <summary>
/// Values a shell would act on, an option parser would misread, or a terminal would garble. Each
/// that runs a command names a marker file under /tmp, so a shell anywhere on the way would leave it behind.
/// </summary>
internal static class HostileValues
{
    /// <summary>The marker files' common start; the tests assert that none appears.</summary>
    public const string MarkerPrefix = "/tmp/pwned-";

    public static readonly string Marker = MarkerPrefix + Guid.NewGuid().ToString("N")[..8];

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["semicolon"] = $"a;touch {Marker}-semicolon",
        ["command substitution"] = $"$(touch {Marker}-subst)",
        ["backticks"] = $"`touch {Marker}-backtick`",
        ["single quote"] = "it's'",
        ["double quote"] = "say \"hi\"",
        ["spaces"] = "with some spaces",
        ["newline"] = $"line\ntouch {Marker}-newline",
        ["dot dot"] = "..",
        ["leading dash"] = "-rf",
        ["long option"] = "--help",
        ["control characters"] = "bell\u0007tab\tesc\u001b[31m",
        ["very long"] = new string('a', 10_000),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>As the product shows input in messages: control characters as \uXXXX (Printable.Show).</summary>
    public static string Shown(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    public static IReadOnlyList<string> MarkersLeft() =>
        Directory.GetFiles("/tmp", Path.GetFileName(Marker) + "*");
}
