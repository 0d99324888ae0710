using Messier.Journal.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messier.Journal.Commands;

internal sealed class CommandConfiguration : IEntityTypeConfiguration<CommandEntity>
{
    public void Configure(EntityTypeBuilder<CommandEntity> builder)
    {
        builder.ToTable("commands");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();

        builder.HasOne<InstanceEntity>()
            .WithMany()
            .HasForeignKey(c => c.InstanceId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
