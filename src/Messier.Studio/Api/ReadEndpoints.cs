using System.Text.Json.Nodes;
using Messier.Studio.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Messier.Studio.Api;

/// <summary>The read side of <c>/api</c>: definitions, the instance list, one instance.</summary>
internal static class ReadEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/", (InstanceDocuments documents) => JsonResults.Of(new JsonObject
        {
            ["studio"] = documents.Studio(),
            ["links"] = new JsonObject
            {
                ["definitions"] = "/api/definitions",
                ["instances"] = "/api/instances",
            },
        }));

        api.MapGet("/definitions", (StudioServices services) =>
            JsonResults.Of(new JsonArray(services.Definitions.List().Select(e => (JsonNode)DefinitionViews.Summary(e)).ToArray())));

        api.MapGet("/definitions/{name}", (string name, StudioServices services) =>
            FindDefinition(services, name) is { } entry
                ? JsonResults.Of(DefinitionViews.Detail(entry))
                : Problems.Of(StatusCodes.Status404NotFound, $"No definition named '{name}' in the definition folders."));

        api.MapGet("/instances", async (HttpRequest request, InstanceDocuments documents, CancellationToken cancellationToken) =>
        {
            var (filter, error) = InstanceFilter.Parse(request.Query, InstanceDocuments.DefaultPageSize);
            if (filter is null)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, error!);
            }

            return JsonResults.Of(await documents.ListAsync(filter.Statuses, filter.Definition, filter.IdPrefix, filter.Skip, filter.Take, cancellationToken));
        });

        api.MapGet("/instances/{id}", async (string id, StudioServices services, InstanceDocuments documents, CancellationToken cancellationToken) =>
        {
            var (record, problem) = await InstanceResolver.ResolveAsync(services.Journal, id, cancellationToken);
            return record is null ? problem! : JsonResults.Of(await documents.DetailAsync(record, includeDefinition: true, cancellationToken));
        });

        api.MapGet("/instances/{id}/events", InstanceEventStream.StreamAsync);
    }

    /// <summary>The definition the name runs: the first unshadowed file of that name.</summary>
    public static StudioDefinition? FindDefinition(StudioServices services, string name) =>
        services.Definitions.List().FirstOrDefault(e => !e.Shadowed && string.Equals(e.Name, name, StringComparison.Ordinal));
}
