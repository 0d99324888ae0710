using System.Text.Json.Nodes;
using Messier.Studio.Api;
using Messier.Studio.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Messier.Studio.Pages;

/// <summary>The pages: each is the shell with the same JSON the API serves for it.</summary>
internal static class PageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/instances"));

        app.MapGet("/instances", async (HttpRequest request, InstanceDocuments documents, PageShell shell, CancellationToken cancellationToken) =>
        {
            var (filter, error) = InstanceFilter.Parse(request.Query, InstanceDocuments.DefaultPageSize);
            if (filter is null)
            {
                return Page(shell, "error", "Bad request", new JsonObject { ["studio"] = documents.Studio(), ["error"] = error }, StatusCodes.Status400BadRequest);
            }

            var list = await documents.ListAsync(filter.Statuses, filter.Definition, filter.IdPrefix, filter.Skip, filter.Take, cancellationToken);
            list["studio"] = documents.Studio();
            return Page(shell, "instances", "Instances", list);
        });

        app.MapGet("/instances/{id}", async (string id, StudioServices services, InstanceDocuments documents, PageShell shell, CancellationToken cancellationToken) =>
        {
            var (record, _) = await InstanceResolver.ResolveAsync(services.Journal, id, cancellationToken);
            if (record is null)
            {
                return Page(shell, "error", "Instance not found", new JsonObject { ["studio"] = documents.Studio(), ["error"] = $"No instance '{id}' in the journal." }, StatusCodes.Status404NotFound);
            }

            var detail = await documents.DetailAsync(record, includeDefinition: true, cancellationToken);
            detail["studio"] = documents.Studio();
            return Page(shell, "instance", $"{record.DefinitionName} {record.Id}", detail);
        });

        app.MapGet("/definitions", (StudioServices services, InstanceDocuments documents, PageShell shell) =>
        {
            var definitions = new JsonArray(services.Definitions.List().Select(e => (JsonNode)DefinitionViews.Detail(e)).ToArray());
            return Page(shell, "definitions", "Definitions", new JsonObject { ["studio"] = documents.Studio(), ["definitions"] = definitions });
        });
    }

    private static IResult Page(PageShell shell, string page, string title, JsonObject data, int status = StatusCodes.Status200OK) =>
        Results.Content(shell.Render(page, title, data), "text/html; charset=utf-8", statusCode: status);
}
