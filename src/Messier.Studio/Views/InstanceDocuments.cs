using System.Text.Json.Nodes;
using Messier.Workflows.Journal;
using Messier.Workflows.Runtime;

namespace Messier.Studio.Views;

/// <summary>
/// The JSON documents behind the instance pages and the instance API: the CLI's
/// <c>instances show --output json</c> shape (<see cref="InstanceViews"/>), plus what only a
/// page needs: step durations, each activity's state, the pinned definition's graph, and which
/// actions apply.
/// </summary>
internal sealed class InstanceDocuments(StudioServices services, StudioOptions options, DefinitionViews definitions)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <param name="includeDefinition">The pinned definition's text and graph never change: live updates leave them out.</param>
    public async Task<JsonObject> DetailAsync(InstanceRecord record, bool includeDefinition, CancellationToken cancellationToken)
    {
        var journal = await services.Journal.GetJournalAsync(record.Id, cancellationToken);
        var commands = await services.Journal.GetCommandsAsync(record.Id, cancellationToken);
        var bookmarks = await services.Journal.GetBookmarksAsync(record.Id, cancellationToken);
        var incidents = await services.Journal.GetIncidentsAsync(record.Id, cancellationToken);
        var variables = ExecutionState.Deserialize(record.StateJson).Variables;
        var now = services.Time.GetUtcNow();
        var detail = InstanceViews.Detail(record, now, services.Liveness, journal, commands, bookmarks, incidents, variables);
        AddDurations(detail["journal"]!.AsArray(), journal);

        var pinned = await definitions.PinnedAsync(services.Journal, record.DefinitionHash, cancellationToken);
        detail["activityStates"] = ActivityStates.Compute(pinned?.Definition, journal);
        var status = record.EffectiveStatus(now, services.Liveness);
        detail["actions"] = Actions(status, bookmarks);
        if (includeDefinition)
        {
            detail["pinnedDefinition"] = pinned is null ? null : new JsonObject
            {
                ["name"] = pinned.Pinned.Name,
                ["hash"] = pinned.Pinned.Hash,
                ["path"] = pinned.Pinned.Path,
                ["json"] = pinned.Pinned.Json,
                ["graph"] = pinned.Graph?.DeepClone(),
                ["errors"] = new JsonArray(pinned.Errors.Select(e => (JsonNode)e).ToArray()),
            };
        }

        return detail;
    }

    /// <summary>One page of the instance list, newest first, with the counts per status.</summary>
    public async Task<JsonObject> ListAsync(IReadOnlyList<InstanceStatus> wanted, string? definition, string? idPrefix, int skip, int take, CancellationToken cancellationToken)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, MaxPageSize);
        var now = services.Time.GetUtcNow();

        // Running and interrupted are one stored status told apart by the lease: the store filters
        // by stored status, and the effective one is judged here. One more row than the page says
        // whether there is a next page without counting every match.
        var stored = wanted.Select(s => s == InstanceStatus.Interrupted ? InstanceStatus.Running : s).Distinct().ToList();
        var judged = wanted.Contains(InstanceStatus.Running) != wanted.Contains(InstanceStatus.Interrupted);
        List<InstanceRecord> rows;
        if (judged)
        {
            var all = await services.Journal.ListInstancesAsync(new InstanceQuery(stored, definition, idPrefix), cancellationToken);
            rows = all.Where(r => wanted.Contains(r.EffectiveStatus(now, services.Liveness))).Skip(skip).Take(take + 1).ToList();
        }
        else
        {
            rows = [.. await services.Journal.ListInstancesAsync(new InstanceQuery(stored, definition, idPrefix, skip, take + 1), cancellationToken)];
        }

        var counts = await CountsAsync(now, cancellationToken);
        return new JsonObject
        {
            ["items"] = new JsonArray(rows.Take(take).Select(r => (JsonNode)InstanceViews.Summary(r, now, services.Liveness)).ToArray()),
            ["skip"] = skip,
            ["take"] = take,
            ["hasMore"] = rows.Count > take,
            ["counts"] = counts,
            ["filter"] = new JsonObject
            {
                ["statuses"] = new JsonArray(wanted.Select(s => (JsonNode)s.ToName()).ToArray()),
                ["definition"] = definition,
                ["id"] = idPrefix,
            },
        };
    }

    public JsonObject Studio() => new()
    {
        ["readOnly"] = options.ReadOnly,
        ["tokenRequired"] = !string.IsNullOrEmpty(options.Token),
    };

    private async Task<JsonObject> CountsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await services.Journal.CountByStatusAsync(cancellationToken);
        var counts = new JsonObject();
        foreach (var status in Enum.GetValues<InstanceStatus>())
        {
            counts[status.ToName()] = stored.GetValueOrDefault(status);
        }

        if (stored.GetValueOrDefault(InstanceStatus.Running) > 0)
        {
            // Few instances run at once; each is judged by its lease, as `instances list` does.
            var running = await services.Journal.ListInstancesAsync(new InstanceQuery([InstanceStatus.Running]), cancellationToken);
            var interrupted = running.Count(r => r.EffectiveStatus(now, services.Liveness) == InstanceStatus.Interrupted);
            counts[InstanceStatus.Running.ToName()] = running.Count - interrupted;
            counts[InstanceStatus.Interrupted.ToName()] = interrupted;
        }

        counts["all"] = stored.Values.Sum();
        return counts;
    }

    private JsonArray Actions(InstanceStatus status, IReadOnlyList<BookmarkRecord> bookmarks)
    {
        var actions = status switch
        {
            InstanceStatus.Suspended when bookmarks.Count > 0 => new[] { "approve", "cancel" },
            InstanceStatus.Suspended => ["cancel"],
            InstanceStatus.Interrupted => ["resume", "cancel"],
            InstanceStatus.Running => ["cancel"],
            InstanceStatus.Faulted => ["retry", "cancel"],
            _ => [],
        };
        return options.ReadOnly ? [] : new JsonArray(actions.Select(a => (JsonNode)a).ToArray());
    }

    // How long each step took (started to its end) and each wait lasted (suspended to resumed),
    // for the timeline; the instance-level rows get the time since the run they end began.
    private static void AddDurations(JsonArray rows, IReadOnlyList<JournalEntry> journal)
    {
        var since = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? runStart = null;
        for (var i = 0; i < journal.Count; i++)
        {
            var entry = journal[i];
            TimeSpan? duration = null;
            switch (entry.Event)
            {
                case JournalEvents.InstanceCreated or JournalEvents.InstanceResumed or JournalEvents.InstanceRetried:
                    runStart = entry.At;
                    break;
                case JournalEvents.InstanceFinished or JournalEvents.InstanceSuspended or JournalEvents.InstanceFaulted or JournalEvents.InstanceCancelled:
                    duration = entry.At - runStart;
                    break;
                case JournalEvents.Started or JournalEvents.Recovered or JournalEvents.Suspended when entry.ActivityId is { } startId:
                    since[startId] = entry.At;
                    break;
                case JournalEvents.Completed or JournalEvents.ObservedDone or JournalEvents.Faulted or JournalEvents.BookmarkResumed when entry.ActivityId is { } endId && since.Remove(endId, out var started):
                    duration = entry.At - started;
                    if (entry.Event == JournalEvents.BookmarkResumed)
                    {
                        runStart ??= entry.At;
                    }

                    break;
            }

            rows[i]!["durationMs"] = duration is { } d ? Math.Round(d.TotalMilliseconds, 1) : null;
        }
    }
}
