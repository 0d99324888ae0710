using Messier.Journal.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messier.Journal.Entries;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntryEntity>
{
    public void Configure(EntityTypeBuilder<JournalEntryEntity> builder)
    {
        builder.ToTable("journal_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();

        builder.HasOne<InstanceEntity>()
            .WithMany()
            .HasForeignKey(e => e.InstanceId)
            .OnDelete(DeleteBehavior.Cascade);

        // The engine numbers entries; a second writer reusing a number must fail, not interleave.
        builder.HasIndex(e => new { e.InstanceId, e.Sequence }).IsUnique();
    }
}
