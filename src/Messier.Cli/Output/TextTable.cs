using System.Text;

namespace Messier.Cli.Output;

/// <summary>A plain left-aligned text table for terminals.</summary>
internal sealed class TextTable
{
    private readonly string[] headers;
    private readonly List<string[]> rows = [];

    public TextTable(params string[] headers)
    {
        this.headers = headers;
    }

    public void Add(params string[] row) => rows.Add(row);

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(headers))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}
