using Messier.Journal.Bookmarks;
using Messier.Journal.Commands;
using Messier.Journal.Definitions;
using Messier.Journal.Entries;
using Messier.Journal.Incidents;
using Messier.Journal.Instances;
using Microsoft.EntityFrameworkCore;

namespace Messier.Journal;

/// <summary>
/// The journal's EF Core model. It is provider-neutral (no provider column types): the SQLite
/// migrations live in this assembly, and another provider's can live in an assembly of its own.
/// </summary>
public sealed class JournalDbContext : DbContext
{
    public JournalDbContext(DbContextOptions<JournalDbContext> options)
        : base(options)
    {
    }

    public DbSet<InstanceEntity> Instances => Set<InstanceEntity>();

    public DbSet<DefinitionEntity> Definitions => Set<DefinitionEntity>();

    public DbSet<JournalEntryEntity> JournalEntries => Set<JournalEntryEntity>();

    public DbSet<CommandEntity> Commands => Set<CommandEntity>();

    public DbSet<BookmarkEntity> Bookmarks => Set<BookmarkEntity>();

    public DbSet<IncidentEntity> Incidents => Set<IncidentEntity>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Stored as unix milliseconds: sortable and comparable in SQL on every provider, where
        // SQLite cannot ORDER BY or compare a DateTimeOffset stored as text.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.ApplyConfiguration(new DefinitionConfiguration());
        modelBuilder.ApplyConfiguration(new InstanceConfiguration());
        modelBuilder.ApplyConfiguration(new JournalEntryConfiguration());
        modelBuilder.ApplyConfiguration(new CommandConfiguration());
        modelBuilder.ApplyConfiguration(new BookmarkConfiguration());
        modelBuilder.ApplyConfiguration(new IncidentConfiguration());
    }
}
