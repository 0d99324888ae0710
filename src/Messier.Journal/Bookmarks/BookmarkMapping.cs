using Messier.Workflows.Journal;

namespace Messier.Journal.Bookmarks;

internal static class BookmarkMapping
{
    public static BookmarkEntity ToEntity(this BookmarkRecord bookmark, string instanceId) => new()
    {
        Id = bookmark.Id,
        InstanceId = instanceId,
        ActivityId = bookmark.ActivityId,
        FrameId = bookmark.FrameId,
        Name = bookmark.Name,
        Message = bookmark.Message,
        CreatedAt = bookmark.CreatedAt,
    };

    public static BookmarkRecord ToRecord(this BookmarkEntity row) =>
        new(row.Id, row.ActivityId, row.FrameId, row.Name, row.Message, row.CreatedAt);
}
