using System.Globalization;

namespace Messier.Workflows.Definitions;

/// <summary>One problem in a definition: where (file, JSON path, line, column) and what is wrong and allowed.</summary>
public sealed record ValidationError(string? File, string JsonPath, int? Line, int? Column, string Message)
{
    /// <summary><c>file:line:column: $.path: message</c>, the shape editors and terminals link.</summary>
    public override string ToString()
    {
        var location = File ?? "<definition>";
        if (Line is { } line)
        {
            location += string.Create(CultureInfo.InvariantCulture, $":{line}:{Column ?? 1}");
        }

        return $"{location}: {JsonPath}: {Message}";
    }
}
