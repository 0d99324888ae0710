using Messier.Journal.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messier.Journal.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentEntity>
{
    public void Configure(EntityTypeBuilder<IncidentEntity> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedOnAdd();

        builder.HasOne<InstanceEntity>()
            .WithMany()
            .HasForeignKey(i => i.InstanceId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
