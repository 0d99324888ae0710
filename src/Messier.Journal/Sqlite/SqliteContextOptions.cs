using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Messier.Journal.Sqlite;

/// <summary>The one place that says how the journal talks to a SQLite file.</summary>
internal static class SqliteContextOptions
{
    /// <summary>
    /// Data Source (quoted as needed), Mode=ReadWriteCreate, Cache=Private, Pooling, Foreign Keys.
    /// Written out rather than made with <see cref="SqliteConnectionStringBuilder"/>, whose first use
    /// costs a cold process about 15 ms of type loading and JIT (docs/benchmarks.md).
    /// </summary>
    public static string ConnectionString(string databasePath)
    {
        var text = new StringBuilder();
        DbConnectionStringBuilder.AppendKeyValuePair(text, "Data Source", databasePath);
        text.Append(";Mode=ReadWriteCreate;Cache=Private;Pooling=True;Foreign Keys=True");
        return text.ToString();
    }

    public static DbContextOptions<JournalDbContext> Build(string connectionString) =>
        new DbContextOptionsBuilder<JournalDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(SqlitePragmaInterceptor.Instance)
            .Options;
}
