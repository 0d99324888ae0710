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

    /// <summary>Every string or key whose escapes do not decode to valid UTF-16 (a lone surrogate such as "\ud800").</summary>
    public IReadOnlyList<(string Path, int Line, int Column)> InvalidStrings { get; }

    /// <summary>Every key that repeats one before it in the same object, at the repeat's key.</summary>
    public IReadOnlyList<(string Path, string Key, int Line, int Column)> DuplicateKeys { get; }

    /// <summary>
    /// Reads the text once for the problems the parser lets through (repeated keys, invalid
    /// escapes). It makes no path for a token that has none: a path is as long as the token is
    /// deep, and making one per token made a deep multi-megabyte text take seconds.
    /// </summary>
    public static JsonLineMap Scan(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new TextPositions(bytes);
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

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        AdvanceArray(stack);
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
                        if (reader.ValueIsEscaped && !TryGetString(ref reader, out _))
                        {
                            var (badLine, badColumn) = lineStarts.At((int)reader.TokenStartIndex);
                            invalidStrings.Add((PathOf(stack), badLine, badColumn));
                        }

                        break;
                    default:
                        AdvanceArray(stack);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The loader reports the syntax error itself.
        }

        return new JsonLineMap([], duplicateKeys, invalidStrings);
    }

    /// <summary>
    /// The positions of <paramref name="paths"/> (the paths of validation errors), or of each one's
    /// nearest ancestor that has one, in one more read of the text. Only the containers on the way
    /// to a wanted path have their children's paths made; the rest of the text is only read.
    /// </summary>
    public static JsonLineMap Locate(string json, IEnumerable<string> paths)
    {
        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return new JsonLineMap([], [], []);
        }

        // Every cut at a '.' or '[' of a wanted path: a superset of its ancestors (a key may hold
        // either character), which only means a few more containers are walked.
        var onTheWay = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in wanted)
        {
            for (var i = 1; i < path.Length; i++)
            {
                if (path[i] is '.' or '[')
                {
                    onTheWay.Add(path[..i]);
                }
            }

            onTheWay.Add(path);
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new TextPositions(bytes);
        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, DefinitionLoader.ReaderOptions);
        var stack = new List<Container>();

        // The path of the token just read, when its container is on the way to a wanted path.
        string? PathHere()
        {
            if (stack.Count == 0)
            {
                return "$";
            }

            var container = stack[^1];
            if (container.Path is null)
            {
                return null;
            }

            return container.IsArray
                ? $"{container.Path}[{container.Index}]"
                : container.Property is null ? container.Path : $"{container.Path}.{container.Property}";
        }

        void Record(string? path, long offset, bool isValue)
        {
            if (path is null || !onTheWay.Contains(path))
            {
                return;
            }

            var position = lineStarts.At((int)offset);
            if (isValue)
            {
                positions[path] = position;
            }
            else
            {
                // A value's position wins over its property name's: errors are mostly about the value.
                positions.TryAdd(path, position);
            }
        }

        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        stack[^1].Property = TryGetString(ref reader, out var key) ? key : Encoding.UTF8.GetString(reader.ValueSpan);
                        Record(PathHere(), reader.TokenStartIndex, isValue: false);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        AdvanceArray(stack);
                        var containerPath = PathHere();
                        Record(containerPath, reader.TokenStartIndex, isValue: true);
                        stack.Add(new Container(reader.TokenType == JsonTokenType.StartArray)
                        {
                            Path = containerPath is not null && onTheWay.Contains(containerPath) ? containerPath : null,
                        });
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    case JsonTokenType.Comment:
                        break;
                    default:
                        AdvanceArray(stack);
                        Record(PathHere(), reader.TokenStartIndex, isValue: true);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The loader reported the syntax error itself; positions found so far still help.
        }

        return new JsonLineMap(positions, [], []);
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

        /// <summary>Its own path, when <see cref="Locate"/> walks it; null when nothing wanted lies inside.</summary>
        public string? Path { get; init; }

        // Only Scan fills it; made on first use so Locate's containers cost nothing.
        public HashSet<string> Keys => keys ??= new(StringComparer.Ordinal);

        private HashSet<string>? keys;
    }
}
