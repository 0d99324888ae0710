using System.Text.Json.Nodes;
using Messier.Workflows.Activities.Descriptors;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>How an instant activity ended.</summary>
public sealed record InstantResult(InstantResultKind Kind, string Outcome, JsonObject? Outputs, string? Message, string? BookmarkName)
{
    public static InstantResult Complete(string outcome = ActivityDescriptor.Done, JsonObject? outputs = null) =>
        new(InstantResultKind.Complete, outcome, outputs, null, null);

    public static InstantResult Fault(string message) => new(InstantResultKind.Fault, ActivityDescriptor.Done, null, message, null);

    /// <summary>Waits on a bookmark named <paramref name="bookmarkName"/>, showing <paramref name="message"/> to the operator.</summary>
    public static InstantResult Suspend(string bookmarkName, string? message) =>
        new(InstantResultKind.Suspend, ActivityDescriptor.Done, null, message, bookmarkName);

    /// <summary>Ends the whole workflow successfully now, with these outputs.</summary>
    public static InstantResult Finish(JsonObject? outputs) => new(InstantResultKind.Finish, ActivityDescriptor.Done, outputs, null, null);
}
