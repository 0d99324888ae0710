using Messier.Journal.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messier.Journal.Instances;

internal sealed class InstanceConfiguration : IEntityTypeConfiguration<InstanceEntity>
{
    public void Configure(EntityTypeBuilder<InstanceEntity> builder)
    {
        builder.ToTable("instances");
        builder.HasKey(i => i.Id);

        // A definition row outlives its instances' deletion only by choice: never cascade into pins.
        builder.HasOne<DefinitionEntity>()
            .WithMany()
            .HasForeignKey(i => i.DefinitionHash)
            .OnDelete(DeleteBehavior.Restrict);

        // Listing: by status newest-created first, by definition, newest-created first. Not
        // (Status, UpdatedAt): every commit sets UpdatedAt, and that index cost each durable
        // commit one more page written and synced (docs/benchmarks.md).
        builder.HasIndex(i => new { i.Status, i.CreatedAt });
        builder.HasIndex(i => i.DefinitionName);
        builder.HasIndex(i => i.CreatedAt);
        builder.HasIndex(i => i.ParentInstanceId);
    }
}
