using System.Text.Json.Nodes;

namespace Messier.Cli.Output;

/// <summary>The text form of <c>instances show</c>, read from the same JSON view so the two never disagree.</summary>
internal static class InstanceText
{
    public static void Write(TextWriter writer, JsonObject detail)
    {
        writer.WriteLine($"Instance    {detail["id"]}");
        writer.WriteLine($"Definition  {detail["definition"]} ({Short(detail["definitionHash"])})");
        writer.WriteLine($"Status      {detail["status"]}{(detail["owner"] is { } owner ? $" (run by {owner})" : string.Empty)}");
        writer.WriteLine($"Created     {detail["createdAt"]}");
        writer.WriteLine($"Updated     {detail["updatedAt"]}");
        writer.WriteLine($"Inputs      {detail["inputs"]?.ToJsonString() ?? "{}"}");
        if (detail["outputs"] is { } outputs)
        {
            writer.WriteLine($"Outputs     {outputs.ToJsonString()}");
        }

        foreach (var incident in detail["incidents"]!.AsArray().OfType<JsonObject>())
        {
            writer.WriteLine($"Incident    {incident["at"]} {incident["activityId"] ?? "(workflow)"}: {incident["message"]}{(incident["resolvedAt"] is { } resolved ? $" (resolved {resolved})" : string.Empty)}");
        }

        foreach (var bookmark in detail["bookmarks"]!.AsArray().OfType<JsonObject>())
        {
            writer.WriteLine($"Waiting     {bookmark["activityId"]}: {bookmark["message"]} (bookmark {bookmark["id"]})");
        }

        writer.WriteLine();
        var table = new TextTable("SEQ", "AT", "ACTIVITY", "EVENT");
        foreach (var entry in detail["journal"]!.AsArray().OfType<JsonObject>())
        {
            var activity = entry["activityId"] is { } id ? $"{id} ({entry["activityType"]})" : "-";
            table.Add(entry["sequence"]!.ToJsonString(), entry["at"]!.ToString(), activity, entry["event"]!.ToString());
        }

        writer.Write(table);
        var commands = detail["commands"]!.AsArray().OfType<JsonObject>().ToList();
        if (commands.Count > 0)
        {
            writer.WriteLine();
            var commandTable = new TextTable("ACTIVITY", "EXIT", "MS", "ARGV");
            foreach (var command in commands)
            {
                var argv = command["argv"]!.AsArray().Select(a => a!.GetValue<string>());
                commandTable.Add(command["activityId"]?.ToString() ?? "-", command["exitCode"]?.ToJsonString() ?? "-", command["durationMs"]!.ToJsonString(), Messier.Workflows.Commands.ArgvFormatter.Format(argv));
            }

            writer.Write(commandTable);
        }
    }

    private static string Short(JsonNode? hash) => hash?.ToString() is { Length: > 12 } text ? text[..12] : hash?.ToString() ?? string.Empty;
}
