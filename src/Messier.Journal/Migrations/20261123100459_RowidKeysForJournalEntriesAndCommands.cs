using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Messier.Journal.Migrations
{
    /// <summary>
    /// Rebuilds <c>journal_entries</c> and <c>commands</c> with plain <c>INTEGER PRIMARY KEY</c>
    /// (rowid) ids instead of AUTOINCREMENT. Written by hand: the model is unchanged (EF still
    /// believes in AUTOINCREMENT, its SQLite default, which only matters if EF ever rebuilds these
    /// tables again; <c>UpgradeTests</c> would then fail). Why: AUTOINCREMENT makes every insert
    /// also update <c>sqlite_sequence</c>, one more page written and synced per durable commit
    /// (docs/benchmarks.md); the guarantee it adds, ids never reused after the newest rows are
    /// deleted, means nothing for rows read by (instance, sequence) or (instance, time). Turning
    /// AUTOINCREMENT off in the model instead is not possible yet: EF 10 drops
    /// <c>SqliteValueGenerationStrategy.None</c> from the model snapshot, so the next migration
    /// would leave the model "pending changes" forever. Foreign keys stay on: these two tables are
    /// only ever children, so dropping and refilling them cannot break a reference.
    /// </summary>
    public partial class RowidKeysForJournalEntriesAndCommands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Rebuild(migrationBuilder, autoincrement: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Rebuild(migrationBuilder, autoincrement: true);
        }

        private static void Rebuild(MigrationBuilder migrationBuilder, bool autoincrement)
        {
            var key = autoincrement ? "PRIMARY KEY AUTOINCREMENT" : "PRIMARY KEY";

            migrationBuilder.Sql($"""
                CREATE TABLE "ef_temp_journal_entries" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_journal_entries" {key},
                    "InstanceId" TEXT NOT NULL,
                    "Sequence" INTEGER NOT NULL,
                    "ActivityId" TEXT NULL,
                    "ActivityType" TEXT NULL,
                    "Event" TEXT NOT NULL,
                    "At" INTEGER NOT NULL,
                    "DataJson" TEXT NULL,
                    CONSTRAINT "FK_journal_entries_instances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "instances" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_journal_entries" ("Id", "InstanceId", "Sequence", "ActivityId", "ActivityType", "Event", "At", "DataJson")
                SELECT "Id", "InstanceId", "Sequence", "ActivityId", "ActivityType", "Event", "At", "DataJson" FROM "journal_entries";
                """);
            migrationBuilder.Sql("""DROP TABLE "journal_entries";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_journal_entries" RENAME TO "journal_entries";""");
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_journal_entries_InstanceId_Sequence" ON "journal_entries" ("InstanceId", "Sequence");""");

            migrationBuilder.Sql($"""
                CREATE TABLE "ef_temp_commands" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_commands" {key},
                    "InstanceId" TEXT NOT NULL,
                    "ActivityId" TEXT NULL,
                    "ArgvJson" TEXT NOT NULL,
                    "ExitCode" INTEGER NULL,
                    "DurationMs" INTEGER NOT NULL,
                    "StartedAt" INTEGER NOT NULL,
                    "OutputTail" TEXT NOT NULL,
                    CONSTRAINT "FK_commands_instances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "instances" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_commands" ("Id", "InstanceId", "ActivityId", "ArgvJson", "ExitCode", "DurationMs", "StartedAt", "OutputTail")
                SELECT "Id", "InstanceId", "ActivityId", "ArgvJson", "ExitCode", "DurationMs", "StartedAt", "OutputTail" FROM "commands";
                """);
            migrationBuilder.Sql("""DROP TABLE "commands";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_commands" RENAME TO "commands";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_commands_InstanceId" ON "commands" ("InstanceId");""");
        }
    }
}
