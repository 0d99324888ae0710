using System.Data;
using Messier.Workflows.Journal;
using Microsoft.Data.Sqlite;

namespace Messier.Journal.Sqlite;

/// <summary>
/// The commit path, the one the engine takes once per durable step. It keeps one plain connection
/// open (with the journal's pragmas, see <see cref="SqliteConnections"/>) with its statements
/// prepared once, and writes a commit as a handful of parameterized statements in one
/// <c>BEGIN IMMEDIATE</c> transaction. It needs no EF context, so a run does not wait for EF's start-up.
/// </summary>
/// <remarks>
/// Measured on the project's machines, EF's <c>ExecuteUpdate</c> and <c>SaveChanges</c> each cost
/// about ten times the statement they run, and renting, opening and disposing a pooled context
/// costs about half a raw commit: together several times the fsync that a durable commit must pay.
/// Commits are serialized in-process by a gate (SQLite admits one writer at a time anyway).
/// </remarks>
internal sealed class CommitWriter : IAsyncDisposable
{
    // The status is not set here but by UpdateStatusSql, only when it changes: SQLite rewrites the
    // entries of every index on a column that an UPDATE sets, changed or not, so setting it on every
    // commit cost each commit one more page of (Status, CreatedAt) index written and synced.
    private const string UpdateInstanceSql = """
        UPDATE "instances"
        SET "StateJson" = $state,
            "OutputJson" = COALESCE($output, "OutputJson"),
            "UpdatedAt" = $now,
            "NextSequence" = COALESCE($nextSequence, "NextSequence"),
            "CancelRequested" = "CancelRequested" AND NOT $clearCancel
        WHERE "Id" = $id AND "LeaseOwner" = $owner
          AND ($firstSequence IS NULL OR "NextSequence" = $firstSequence)
        """;

    private const string UpdateStatusSql = """
        UPDATE "instances" SET "Status" = $status WHERE "Id" = $id AND "Status" <> $status
        """;

    private const string InsertEntrySql = """
        INSERT INTO "journal_entries" ("InstanceId", "Sequence", "ActivityId", "ActivityType", "Event", "At", "DataJson")
        VALUES ($id, $sequence, $activityId, $activityType, $event, $at, $data)
        """;

    private const string DeleteBookmarkSql = """
        DELETE FROM "bookmarks" WHERE "InstanceId" = $id AND "Id" = $bookmarkId
        """;

    private const string InsertBookmarkSql = """
        INSERT INTO "bookmarks" ("Id", "InstanceId", "ActivityId", "FrameId", "Name", "Message", "CreatedAt")
        VALUES ($bookmarkId, $id, $activityId, $frameId, $name, $message, $createdAt)
        """;

    private const string ResolveIncidentsSql = """
        UPDATE "incidents" SET "ResolvedAt" = $now WHERE "InstanceId" = $id AND "ResolvedAt" IS NULL
        """;

    private const string InsertIncidentSql = """
        INSERT INTO "incidents" ("InstanceId", "ActivityId", "ActivityType", "Message", "Details", "At", "ResolvedAt")
        VALUES ($id, $activityId, $activityType, $message, $details, $at, $resolvedAt)
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Session? _session;
    private bool _disposed;

    public CommitWriter(string connectionString)
    {
        _connectionString = connectionString;
    }

    /// <summary>
    /// Writes the commit if <paramref name="owner"/> holds the lease and its first entry follows the
    /// journal's last; false (and nothing written) if not.
    /// </summary>
    public async Task<bool> TryCommitAsync(InstanceCommit commit, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var session = _session ??= Session.Open(_connectionString);
            try
            {
                return Write(session, commit, owner, now);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode != SQLitePCL.raw.SQLITE_CONSTRAINT)
            {
                // Whatever broke (I/O, a lock not granted in time) may have broken the connection: start afresh next time.
                _session = null;
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_session is { } session)
            {
                _session = null;
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool Write(Session session, InstanceCommit commit, string owner, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        using var transaction = session.Connection.BeginTransaction(deferred: false);

        var update = session.Prepare(UpdateInstanceSql, transaction);
        Bind(update, "$state", commit.StateJson);
        Bind(update, "$output", commit.OutputJson);
        Bind(update, "$now", nowMs);
        Bind(update, "$nextSequence", commit.Entries.Count == 0 ? null : commit.Entries.Max(e => e.Sequence) + 1);

        // A commit's entries must follow the journal's last one: a gap or a repeat means the writer's
        // idea of the instance is not what is stored, and nothing of it may land.
        Bind(update, "$firstSequence", commit.Entries.Count == 0 ? null : commit.Entries[0].Sequence);
        Bind(update, "$clearCancel", commit.ClearCancelRequest);
        Bind(update, "$id", commit.InstanceId);
        Bind(update, "$owner", owner);
        if (update.ExecuteNonQuery() == 0)
        {
            return false;
        }

        // The lease was checked by the UPDATE above, in this same transaction.
        var status = session.Prepare(UpdateStatusSql, transaction);
        Bind(status, "$status", commit.Status.ToName());
        Bind(status, "$id", commit.InstanceId);
        status.ExecuteNonQuery();

        if (commit.Entries.Count > 0)
        {
            var insert = session.Prepare(InsertEntrySql, transaction);
            Bind(insert, "$id", commit.InstanceId);
            foreach (var entry in commit.Entries)
            {
                Bind(insert, "$sequence", entry.Sequence);
                Bind(insert, "$activityId", entry.ActivityId);
                Bind(insert, "$activityType", entry.ActivityType);
                Bind(insert, "$event", entry.Event);
                Bind(insert, "$at", entry.At.ToUnixTimeMilliseconds());
                Bind(insert, "$data", entry.DataJson);
                insert.ExecuteNonQuery();
            }
        }

        if (commit.RemoveBookmarks.Count > 0)
        {
            var delete = session.Prepare(DeleteBookmarkSql, transaction);
            Bind(delete, "$id", commit.InstanceId);
            foreach (var bookmarkId in commit.RemoveBookmarks)
            {
                Bind(delete, "$bookmarkId", bookmarkId);
                delete.ExecuteNonQuery();
            }
        }

        foreach (var bookmark in commit.AddBookmarks)
        {
            var insert = session.Prepare(InsertBookmarkSql, transaction);
            Bind(insert, "$bookmarkId", bookmark.Id);
            Bind(insert, "$id", commit.InstanceId);
            Bind(insert, "$activityId", bookmark.ActivityId);
            Bind(insert, "$frameId", bookmark.FrameId);
            Bind(insert, "$name", bookmark.Name);
            Bind(insert, "$message", bookmark.Message);
            Bind(insert, "$createdAt", bookmark.CreatedAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        // Resolve before adding: an incident raised by this very commit stays open.
        if (commit.ResolveIncidents)
        {
            var resolve = session.Prepare(ResolveIncidentsSql, transaction);
            Bind(resolve, "$id", commit.InstanceId);
            Bind(resolve, "$now", nowMs);
            resolve.ExecuteNonQuery();
        }

        if (commit.NewIncident is { } incident)
        {
            var insert = session.Prepare(InsertIncidentSql, transaction);
            Bind(insert, "$id", commit.InstanceId);
            Bind(insert, "$activityId", incident.ActivityId);
            Bind(insert, "$activityType", incident.ActivityType);
            Bind(insert, "$message", incident.Message);
            Bind(insert, "$details", incident.Details);
            Bind(insert, "$at", incident.At.ToUnixTimeMilliseconds());
            Bind(insert, "$resolvedAt", incident.ResolvedAt?.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return true;
    }

    private static void Bind(SqliteCommand command, string name, object? value) =>
        command.Parameters[name].Value = value ?? DBNull.Value;

    /// <summary>The open connection and the statements prepared on it, kept from commit to commit.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        private Session(SqliteConnection connection)
        {
            Connection = connection;
        }

        public SqliteConnection Connection { get; }

        public static Session Open(string connectionString) => new(SqliteConnections.Open(connectionString));

        /// <summary>The statement for <paramref name="sql"/>, prepared on first use, enlisted in <paramref name="transaction"/>.</summary>
        public SqliteCommand Prepare(string sql, SqliteTransaction transaction)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
                foreach (var name in ParameterNames(sql).Distinct(StringComparer.Ordinal))
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name, Direction = ParameterDirection.Input });
                }

                _commands[sql] = command;
            }

            command.Transaction = transaction;
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }

            await Connection.DisposeAsync().ConfigureAwait(false);
        }

        private static IEnumerable<string> ParameterNames(string sql)
        {
            for (var start = sql.IndexOf('$', StringComparison.Ordinal); start >= 0; start = sql.IndexOf('$', start + 1))
            {
                var end = start + 1;
                while (end < sql.Length && char.IsAsciiLetterOrDigit(sql[end]))
                {
                    end++;
                }

                yield return sql[start..end];
            }
        }
    }
}
