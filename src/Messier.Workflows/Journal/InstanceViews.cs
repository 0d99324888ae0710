using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Workflows.Leases;

namespace Messier.Workflows.Journal;

/// <summary>
/// The JSON shapes of <c>instances list</c> and <c>instances show</c>: stable, documented in README.md.
/// They live beside the journal contract so that the CLI and the Studio's API print one shape.
/// </summary>
public static class InstanceViews
{
    public static JsonObject Summary(InstanceRecord record, DateTimeOffset now, IOwnerLiveness liveness) => new()
    {
        ["id"] = record.Id,
        ["definition"] = record.DefinitionName,
        ["status"] = record.EffectiveStatus(now, liveness).ToName(),
        ["createdAt"] = Time(record.CreatedAt),
        ["updatedAt"] = Time(record.UpdatedAt),
    };

    public static JsonObject Detail(
        InstanceRecord record,
        DateTimeOffset now,
        IOwnerLiveness liveness,
        IReadOnlyList<JournalEntry> journal,
        IReadOnlyList<CommandRecord> commands,
        IReadOnlyList<BookmarkRecord> bookmarks,
        IReadOnlyList<IncidentRecord> incidents,
        JsonObject? variables)
    {
        var detail = Summary(record, now, liveness);
        detail["definitionHash"] = record.DefinitionHash;
        detail["parentInstanceId"] = record.ParentInstanceId;
        detail["owner"] = record.Lease is { } lease && lease.IsHeld(now, liveness) ? lease.Owner.Describe() : null;
        detail["inputs"] = Parse(record.InputJson);
        detail["outputs"] = record.OutputJson is null ? null : Parse(record.OutputJson);
        detail["variables"] = variables;
        detail["journal"] = new JsonArray(journal.Select(e => (JsonNode)new JsonObject
        {
            ["sequence"] = e.Sequence,
            ["activityId"] = e.ActivityId,
            ["activityType"] = e.ActivityType,
            ["event"] = e.Event,
            ["at"] = Time(e.At),
            ["data"] = e.DataJson is null ? null : Parse(e.DataJson),
        }).ToArray());
        detail["commands"] = new JsonArray(commands.Select(c => (JsonNode)new JsonObject
        {
            ["activityId"] = c.ActivityId,
            ["argv"] = new JsonArray(c.Argv.Select(a => (JsonNode)a).ToArray()),
            ["exitCode"] = c.ExitCode,
            ["durationMs"] = c.DurationMs,
            ["startedAt"] = Time(c.StartedAt),
            ["outputTail"] = c.OutputTail,
        }).ToArray());
        detail["bookmarks"] = new JsonArray(bookmarks.Select(b => (JsonNode)new JsonObject
        {
            ["id"] = b.Id,
            ["activityId"] = b.ActivityId,
            ["name"] = b.Name,
            ["message"] = b.Message,
            ["createdAt"] = Time(b.CreatedAt),
        }).ToArray());
        detail["incidents"] = new JsonArray(incidents.Select(i => (JsonNode)new JsonObject
        {
            ["activityId"] = i.ActivityId,
            ["activityType"] = i.ActivityType,
            ["message"] = i.Message,
            ["at"] = Time(i.At),
            ["resolvedAt"] = i.ResolvedAt is { } resolved ? Time(resolved) : null,
        }).ToArray());
        return detail;
    }

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Write(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
