using Messier.Journal.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messier.Journal.Bookmarks;

internal sealed class BookmarkConfiguration : IEntityTypeConfiguration<BookmarkEntity>
{
    public void Configure(EntityTypeBuilder<BookmarkEntity> builder)
    {
        builder.ToTable("bookmarks");
        builder.HasKey(b => b.Id);

        builder.HasOne<InstanceEntity>()
            .WithMany()
            .HasForeignKey(b => b.InstanceId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
