using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Studio.Runs;
using Messier.Studio.Security;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Messier.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Messier.Studio.Api;

/// <summary>
/// The actions, each a POST behind <see cref="ActionGuard"/>. Resume, retry and approve run the
/// engine in this process in the background and answer 202 once the run has the lease; a live
/// runner elsewhere is refused by the lease and answered 409 naming it.
/// </summary>
internal static class ActionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var actions = api.MapGroup("/instances/{id}").AddEndpointFilter<ActionGuard>();

        actions.MapPost("/resume", (string id, StudioServices services, BackgroundRuns runs, CancellationToken cancellationToken) =>
            RunAsync(id, "resume", services, runs, (engine, record, token) => engine.ResumeAsync(record, token), cancellationToken));

        actions.MapPost("/retry", (string id, StudioServices services, BackgroundRuns runs, CancellationToken cancellationToken) =>
            RunAsync(id, "retry", services, runs, (engine, record, token) => engine.RetryAsync(record, token), cancellationToken));

        actions.MapPost("/approve", async (string id, HttpRequest request, StudioServices services, BackgroundRuns runs, CancellationToken cancellationToken) =>
        {
            // The body is optional: {"bookmark": "..."} picks one approval when several wait.
            string? bookmark = null;
            if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                try
                {
                    var body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
                    bookmark = body?["bookmark"]?.GetValue<string>();
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
                {
                    return Problems.Of(StatusCodes.Status400BadRequest, "The body must be JSON like {\"bookmark\": \"ID\"}, or empty.");
                }
            }

            var payload = new JsonObject { ["by"] = "studio", ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) };
            return await RunAsync(id, "approve", services, runs, (engine, record, token) => engine.ApproveAsync(record, bookmark, payload, token), cancellationToken);
        });

        actions.MapPost("/cancel", async (string id, StudioServices services, CancellationToken cancellationToken) =>
        {
            var (record, problem) = await InstanceResolver.ResolveAsync(services.Journal, id, cancellationToken);
            if (record is null)
            {
                return problem!;
            }

            RunResult result;
            try
            {
                result = await services.EngineFactory(services.Observer).CancelAsync(record.Id, cancellationToken);
            }
            catch (EngineException ex)
            {
                return Problems.Of(StatusCodes.Status409Conflict, ex.Message);
            }

            // Another live runner holds it: it was asked, and stops at its next heartbeat.
            return result.Refused
                ? JsonResults.Of(Body(record.Id, "cancel", result.Status, result.Message, result.Holder), StatusCodes.Status202Accepted)
                : JsonResults.Of(Body(record.Id, "cancel", result.Status, result.Message, null));
        });
    }

    private static async Task<IResult> RunAsync(
        string id,
        string action,
        StudioServices services,
        BackgroundRuns runs,
        Func<WorkflowEngine, string, CancellationToken, Task<RunResult>> body,
        CancellationToken cancellationToken)
    {
        var (record, problem) = await InstanceResolver.ResolveAsync(services.Journal, id, cancellationToken);
        if (record is null)
        {
            return problem!;
        }

        ActionOutcome outcome;
        try
        {
            outcome = await runs.StartAsync(record.Id, action, (engine, token) => body(engine, record.Id, token));
        }
        catch (Exception ex) when (ex is EngineException or LeaseLostException)
        {
            return Problems.Of(StatusCodes.Status409Conflict, ex.Message);
        }

        if (outcome.Result is { Refused: true } refused)
        {
            return Problems.Of(StatusCodes.Status409Conflict, refused.Message ?? "Another runner owns the instance.", new Dictionary<string, object?>
            {
                ["instanceId"] = record.Id,
                ["owner"] = refused.Holder!.Owner.Describe(),
                ["leaseExpiresAt"] = InstanceViews.Time(refused.Holder.ExpiresAt),
            });
        }

        if (!outcome.Began && outcome.Result is { } nothingRan)
        {
            // The engine answered without running: a resume of an instance that waits for an approval.
            return Problems.Of(StatusCodes.Status409Conflict, $"Instance {record.Id} is {nothingRan.Status.ToName()}: {nothingRan.Message}");
        }

        var status = outcome.Result?.Status ?? InstanceStatus.Running;
        return JsonResults.Of(Body(record.Id, action, status, outcome.Result?.Message, null), StatusCodes.Status202Accepted);
    }

    private static JsonObject Body(string id, string action, InstanceStatus status, string? message, LeaseInfo? holder) => new()
    {
        ["id"] = id,
        ["action"] = action,
        ["status"] = status.ToName(),
        ["message"] = message,
        ["owner"] = holder?.Owner.Describe(),
        ["instance"] = $"/api/instances/{id}",
    };
}
