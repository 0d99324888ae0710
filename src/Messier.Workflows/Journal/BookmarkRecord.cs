namespace Messier.Workflows.Journal;

/// <summary>
/// A point where a suspended instance waits, e.g. an Approve activity waiting for <c>messier approve</c>.
/// </summary>
/// <param name="Name">What kind of wait it is (<c>approval</c>, <c>child</c>).</param>
/// <param name="Message">What the operator is asked, shown by <c>instances show</c>.</param>
public sealed record BookmarkRecord(
    string Id,
    string ActivityId,
    string FrameId,
    string Name,
    string? Message,
    DateTimeOffset CreatedAt);
