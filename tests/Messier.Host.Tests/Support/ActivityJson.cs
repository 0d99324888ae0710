using System.Text.Json.Nodes;

namespace Messier.Host.Tests.Support;

/// <summary>
/// Writes an activity's JSON with its values escaped by the serializer, since the paths these
/// tests use hold spaces, quotes, newlines and non-ASCII.
/// </summary>
public static class ActivityJson
{
    public static string Of(string type, string id, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject { ["type"] = type, ["id"] = id };
        foreach (var (name, value) in properties)
        {
            activity[name] = value;
        }

        return activity.ToJsonString();
    }

    /// <summary>A Sequence of activities, for a definition that runs several steps as one flow.</summary>
    public static string Sequence(string id, params string[] activities) =>
        new JsonObject { ["type"] = "Sequence", ["id"] = id, ["activities"] = new JsonArray(activities.Select(a => JsonNode.Parse(a)).ToArray()) }.ToJsonString();
}
