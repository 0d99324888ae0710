using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messier.Journal.Definitions;

internal sealed class DefinitionConfiguration : IEntityTypeConfiguration<DefinitionEntity>
{
    public void Configure(EntityTypeBuilder<DefinitionEntity> builder)
    {
        builder.ToTable("definitions");
        builder.HasKey(d => d.Hash);
    }
}
