using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;

namespace Messier.Cli.Commands;

/// <summary>
/// Turns --input-file (a JSON object) and --input key=value pairs into typed input values: the
/// text after '=' is converted by the input's declared type, so `--input steps=3` is the number 3
/// for an integer input and the text "3" for a string one.
/// </summary>
internal static class InputParser
{
    public static Dictionary<string, JsonNode?> Parse(WorkflowDefinition definition, string? inputFile, IReadOnlyList<string> pairs)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (inputFile is not null)
        {
            JsonNode? document;
            try
            {
                document = JsonNode.Parse(File.ReadAllText(inputFile), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                throw new UsageException($"cannot read the input file '{inputFile}': {ex.Message}");
            }

            if (document is not JsonObject obj)
            {
                throw new UsageException($"the input file '{inputFile}' must hold a JSON object of input names to values");
            }

            foreach (var (key, value) in obj)
            {
                values[key] = value?.DeepClone();
            }
        }

        var declared = definition.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--input takes key=value, got '{pair}'");
            }

            var key = pair[..equals];
            var text = pair[(equals + 1)..];
            if (!declared.TryGetValue(key, out var input))
            {
                throw new UsageException(declared.Count == 0
                    ? $"unknown input '{key}': workflow '{definition.Name}' takes no inputs"
                    : $"unknown input '{key}'; workflow '{definition.Name}' takes: {string.Join(", ", declared.Keys)}");
            }

            if (!DataTypes.TryConvertText(input.Type, text, out var value, out var error))
            {
                throw new UsageException($"input '{key}': {error}");
            }

            values[key] = value;
        }

        return values;
    }
}
