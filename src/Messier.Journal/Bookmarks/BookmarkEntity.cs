namespace Messier.Journal.Bookmarks;

/// <summary>A row of <c>bookmarks</c>: a point where a suspended instance waits.</summary>
public sealed class BookmarkEntity
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public required string FrameId { get; set; }

    public required string Name { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
