using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Api;

/// <summary>JsonNode documents written as they are (the CLI's shapes), with a status code.</summary>
internal static class JsonResults
{
    public static IResult Of(JsonNode node, int status = StatusCodes.Status200OK) =>
        Results.Content(node.ToJsonString(), "application/json; charset=utf-8", statusCode: status);
}
