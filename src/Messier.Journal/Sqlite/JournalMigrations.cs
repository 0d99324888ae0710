using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Messier.Journal.Sqlite;

/// <summary>
/// The newest migration this assembly has for <see cref="JournalDbContext"/>, found the way EF finds
/// migrations (their <c>[DbContext]</c> and <c>[Migration]</c> attributes, ordered by id) but without
/// building a context: opening a journal whose schema is current then costs no EF start-up at all.
/// </summary>
internal static class JournalMigrations
{
    private static readonly Lazy<string?> LatestId = new(Find);

    public static string? Latest => LatestId.Value;

    private static string? Find() =>
        typeof(JournalDbContext).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(JournalDbContext))
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Max(StringComparer.Ordinal);
}
