using System.Text;
using System.Text.Json;

namespace Messier.Workflows.Definitions;

/// <summary>
/// Maps JSON paths (<c>$.root.activities[2].type</c>) to their line and column in the source text,
/// so validation errors can point at the place to fix. System.Text.Json nodes keep no positions.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, (int Line, int Column)> positions;

    private JsonLineMap(Dictionary<string, (int Line, int Column)> positions)
    {
        this.positions = positions;
    }

    public static JsonLineMap Empty { get; } = new(new Dictionary<string, (int, int)>());

    public static JsonLineMap Build(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, DefinitionLoader.ReaderOptions);
        var stack = new List<Container>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        stack[^1].Property = reader.GetString();
                        Record(positions, stack, lineStarts, (int)reader.TokenStartIndex, isValue: false);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        AdvanceArray(stack);
                        Record(positions, stack, lineStarts, (int)reader.TokenStartIndex, isValue: true);
                        stack.Add(new Container(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    case JsonTokenType.Comment:
                        break;
                    default:
                        AdvanceArray(stack);
                        Record(positions, stack, lineStarts, (int)reader.TokenStartIndex, isValue: true);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The loader reports the syntax error itself; positions found so far still help.
        }

        return new JsonLineMap(positions);
    }

    /// <summary>The position of the path, or of its nearest ancestor that has one.</summary>
    public (int Line, int Column)? Find(string path)
    {
        var current = path;
        while (true)
        {
            if (positions.TryGetValue(current, out var position))
            {
                return position;
            }

            var cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0)
            {
                return null;
            }

            current = current[..cut];
        }
    }

    private static void AdvanceArray(List<Container> stack)
    {
        if (stack.Count > 0 && stack[^1].IsArray)
        {
            stack[^1].Index++;
        }
    }

    /// <summary>A value's position wins over its property name's: errors are mostly about the value.</summary>
    private static void Record(Dictionary<string, (int, int)> positions, List<Container> stack, List<int> lineStarts, int offset, bool isValue)
    {
        var path = new StringBuilder("$");
        foreach (var container in stack)
        {
            if (container.IsArray)
            {
                path.Append('[').Append(container.Index).Append(']');
            }
            else if (container.Property is not null)
            {
                path.Append('.').Append(container.Property);
            }
        }

        var line = lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var position = (line + 1, offset - lineStarts[line] + 1);
        if (isValue)
        {
            positions[path.ToString()] = position;
        }
        else
        {
            positions.TryAdd(path.ToString(), position);
        }
    }

    private sealed class Container(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }
    }
}
