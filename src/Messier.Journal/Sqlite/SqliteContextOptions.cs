using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Messier.Journal.Sqlite;

/// <summary>The one place that says how the journal talks to a SQLite file.</summary>
internal static class SqliteContextOptions
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        ForeignKeys = true,
    }.ToString();

    public static DbContextOptions<JournalDbContext> Build(string connectionString) =>
        new DbContextOptionsBuilder<JournalDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(SqlitePragmaInterceptor.Instance)
            .Options;
}
