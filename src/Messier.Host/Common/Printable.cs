namespace Messier.Host.Common;

/// <summary>Input echoed in messages with control characters made visible, so a hostile value cannot garble them.</summary>
internal static class Printable
{
    public static string Show(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
