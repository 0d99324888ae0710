using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Messier.Journal.Sqlite;

/// <summary>
/// The pooled EF contexts of one journal, made on first use. Kept in a type of its own so that a
/// process which only reads and commits never even loads EF's assemblies.
/// </summary>
internal sealed class EntityFrameworkContexts(string connectionString)
{
    private readonly PooledDbContextFactory<JournalDbContext> _factory = new(SqliteContextOptions.Build(connectionString));

    public Task<JournalDbContext> CreateAsync(CancellationToken cancellationToken) => _factory.CreateDbContextAsync(cancellationToken);
}
