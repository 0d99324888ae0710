namespace Messier.Journal.Sqlite;

/// <summary>
/// The id of the newest migration in <c>Migrations/</c>. Opening a journal compares it with the
/// last id in the file's <c>__EFMigrationsHistory</c>: equal means the schema is current and EF
/// is not started at all. It is a constant, not asked of EF or found by reflection over this
/// assembly, because either would load EF's assemblies and types into every cold process.
/// <c>PlainSqlReadTests</c> fails when a new migration is added and this is not updated.
/// </summary>
internal static class JournalMigrations
{
    public const string Latest = "20261123100459_RowidKeysForJournalEntriesAndCommands";
}
