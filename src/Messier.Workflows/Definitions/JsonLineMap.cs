using System.Text;
using System.Text.Json;

namespace Messier.Workflows.Definitions;

/// <summary>
/// Maps JSON paths (<c>$.root.activities[2].type</c>) to their line and column in the source text,
/// so validation errors can point at the place to fix. System.Text.Json nodes keep no positions.
/// It also finds keys repeated in an object: JsonNode accepts them when parsing and throws
/// only when the object is first read, so they must be found before the loader reads anything.
/// Likewise strings whose escapes make invalid UTF-16 ("\udfff" alone): the parser accepts them and
/// reading the string throws, so they are found here too.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, (int Line, int Column)> positions;

    private JsonLineMap(
        Dictionary<string, (int Line, int Column)> positions,
        IReadOnlyList<(string Path, string Key, int Line, int Column)> duplicateKeys,
        IReadOnlyList<(string Path, int Line, int Column)> invalidStrings)
    {
        this.positions = positions;
        DuplicateKeys = duplicateKeys;
        InvalidStrings = invalidStrings;
    }

    public static JsonLineMap Empty { get; } = new(new Dictionary<string, (int, int)>(), [], []);

    /// <summary>Every string or key whose escapes do not decode to valid UTF-16 (a lone surrogate such as "\ud800").</summary>
    public IReadOnlyList<(string Path, int Line, int Column)> InvalidStrings { get; }

    /// <summary>Every key that repeats one before it in the same object, at the repeat's key.</summary>
    public IReadOnlyList<(string Path, string Key, int Line, int Column)> DuplicateKeys { get; }

    public static JsonLineMap Build(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new TextPositions(bytes);
        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var duplicateKeys = new List<(string, string, int, int)>();
        var invalidStrings = new List<(string, int, int)>();
        var reader = new Utf8JsonReader(bytes, DefinitionLoader.ReaderOptions);
        var stack = new List<Container>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var readable = TryGetString(ref reader, out var key);
                        if (!readable)
                        {
                            // The key as written, escapes and all: the path then shows what to look for.
                            key = Encoding.UTF8.GetString(reader.ValueSpan);
                        }

                        stack[^1].Property = key;
                        if (!readable)
                        {
                            var (badLine, badColumn) = lineStarts.At((int)reader.TokenStartIndex);
                            invalidStrings.Add((PathOf(stack), badLine, badColumn));
                        }

                        if (!stack[^1].Keys.Add(key))
                        {
                            var (line, column) = lineStarts.At((int)reader.TokenStartIndex);
                            duplicateKeys.Add((PathOf(stack), key, line, column));
                        }

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
                    case JsonTokenType.String:
                        AdvanceArray(stack);
                        Record(positions, stack, lineStarts, (int)reader.TokenStartIndex, isValue: true);
                        if (reader.ValueIsEscaped && !TryGetString(ref reader, out _))
                        {
                            var (badLine, badColumn) = lineStarts.At((int)reader.TokenStartIndex);
                            invalidStrings.Add((PathOf(stack), badLine, badColumn));
                        }

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

        return new JsonLineMap(positions, duplicateKeys, invalidStrings);
    }

    /// <summary>
    /// The first char of <paramref name="text"/> that is half of a surrogate pair without its other
    /// half, or -1. Such a text cannot be turned into UTF-8, so the JSON parser refuses it with an
    /// exception that is not a JsonException.
    /// </summary>
    public static int FindUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The 1-based line and column of a char index in <paramref name="text"/>.</summary>
    public static (int Line, int Column) FromCharIndex(string text, int index)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var line = 1 + text.AsSpan(0, lineStart).Count('\n');
        return (line, index - lineStart + 1);
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's way of saying the escapes decode to invalid UTF-16.
            value = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// The 1-based line and character column of a position System.Text.Json reports (0-based line,
    /// 0-based byte offset in that line), e.g. in a <see cref="JsonException"/>.
    /// </summary>
    public static (int Line, int Column) FromBytePosition(string json, long line, long bytePositionInLine)
    {
        var text = new TextPositions(Encoding.UTF8.GetBytes(json));
        return text.At(text.OffsetOf(line, bytePositionInLine));
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
    private static void Record(Dictionary<string, (int, int)> positions, List<Container> stack, TextPositions lineStarts, int offset, bool isValue)
    {
        var path = PathOf(stack);
        var position = lineStarts.At(offset);
        if (isValue)
        {
            positions[path] = position;
        }
        else
        {
            positions.TryAdd(path, position);
        }
    }

    private static string PathOf(List<Container> stack)
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

        return path.ToString();
    }


    /// <summary>
    /// Turns UTF-8 byte offsets into lines and character columns. Columns count UTF-16 chars, as
    /// editors do, not bytes: "é" before an error must not push its column one further.
    /// </summary>
    private sealed class TextPositions
    {
        private readonly byte[] bytes;
        private readonly List<int> lineStarts = [0];

        // Tokens come in order, so counting on from the previous offset keeps a long line linear.
        private int lastOffset;
        private int lastColumn;

        public TextPositions(byte[] bytes)
        {
            this.bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    lineStarts.Add(i + 1);
                }
            }
        }

        public int OffsetOf(long line, long bytePositionInLine)
        {
            var start = lineStarts[(int)Math.Clamp(line, 0, lineStarts.Count - 1)];
            return (int)Math.Clamp(start + bytePositionInLine, start, bytes.Length);
        }

        public (int Line, int Column) At(int offset)
        {
            offset = Math.Clamp(offset, 0, bytes.Length);
            var line = lineStarts.BinarySearch(offset);
            if (line < 0)
            {
                line = ~line - 1;
            }

            var start = lineStarts[line];
            var from = lastOffset >= start && lastOffset <= offset ? lastOffset : start;
            var column = (from == lastOffset ? lastColumn : 0) + Encoding.UTF8.GetCharCount(bytes, from, offset - from);
            (lastOffset, lastColumn) = (offset, column);
            return (line + 1, column + 1);
        }
    }

    private sealed class Container(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
