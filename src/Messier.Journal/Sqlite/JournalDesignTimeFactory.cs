using Microsoft.EntityFrameworkCore.Design;

namespace Messier.Journal.Sqlite;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the SQLite model without a host. The path is never
/// opened by that command; pass one after <c>--</c> for commands that do open it.
/// </summary>
internal sealed class JournalDesignTimeFactory : IDesignTimeDbContextFactory<JournalDbContext>
{
    public JournalDbContext CreateDbContext(string[] args)
    {
        var path = args is [var first, ..] ? first : Path.Combine(Path.GetTempPath(), "messier-journal-design.db");
        return new JournalDbContext(SqliteContextOptions.Build(SqliteContextOptions.ConnectionString(path)));
    }
}
