using System.Text;
using Messier.Studio.Views;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Messier.Studio.Api;

/// <summary>
/// Server-sent events for one instance page. Runs happen in other processes (a <c>messier run</c>
/// in a terminal, a boot-time resume), which cannot notify this one, so the journal is polled
/// every half second and the instance's document is sent whenever it changed.
/// </summary>
internal static class InstanceEventStream
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // Proxies and browsers drop a silent connection; a comment line now and then keeps it open.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string id, HttpContext context, StudioServices services, InstanceDocuments documents, IHostApplicationLifetime lifetime)
    {
        var (record, problem) = await InstanceResolver.ResolveAsync(services.Journal, id, context.RequestAborted);
        if (record is null)
        {
            await problem!.ExecuteAsync(context);
            return;
        }

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ended.Token;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        string? lastSent = null;
        var lastWrite = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            // The first event carries the current document, so a page that loaded a moment ago catches up.
            do
            {
                var current = await services.Journal.FindInstanceAsync(record.Id, cancellationToken);
                if (current is null)
                {
                    break;
                }

                var document = (await documents.DetailAsync(current, includeDefinition: false, cancellationToken)).ToJsonString();
                if (!string.Equals(document, lastSent, StringComparison.Ordinal))
                {
                    await WriteAsync(context, $"event: instance\ndata: {document}\n\n", cancellationToken);
                    lastSent = document;
                    lastWrite = DateTimeOffset.UtcNow;
                }
                else if (DateTimeOffset.UtcNow - lastWrite > KeepAlive)
                {
                    await WriteAsync(context, ": keep-alive\n\n", cancellationToken);
                    lastWrite = DateTimeOffset.UtcNow;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page closed or the Studio is stopping: the stream just ends.
        }
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
