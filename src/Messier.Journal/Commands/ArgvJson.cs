using System.Text.Json;
using System.Text.Json.Serialization;

namespace Messier.Journal.Commands;

/// <summary>The argv column: a JSON array of strings, so an argument with spaces stays one argument.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class ArgvJson : JsonSerializerContext
{
    public static string Write(IReadOnlyList<string> argv) => JsonSerializer.Serialize(argv as string[] ?? [.. argv], Default.StringArray);

    public static string[] Read(string json) => JsonSerializer.Deserialize(json, Default.StringArray) ?? [];
}
