using Microsoft.Data.Sqlite;

namespace Messier.Benchmarks;

/// <summary>
/// The durable benchmark's baseline: the least a durable step log can do on this disk. One held
/// connection to a real file in WAL mode with <c>synchronous=FULL</c> (the journal's pragmas), two
/// prepared statements, and per commit one <c>BEGIN IMMEDIATE</c> transaction holding an UPDATE of
/// the state row and an INSERT of a journal row. No interpreter, no lease check, no EF.
/// </summary>
public sealed class RawSqliteCommitLoop : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertState;
    private readonly SqliteCommand _updateState;
    private readonly SqliteCommand _insertEntry;
    private readonly string _state;
    private readonly string _entry;
    private int _runs;

    public RawSqliteCommitLoop(string path, int stateBytes, int entryBytes)
    {
        _state = Payload(stateBytes);
        _entry = Payload(entryBytes);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        Execute("""
            CREATE TABLE IF NOT EXISTS state (id TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS journal (
                id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL REFERENCES state (id), sequence INTEGER NOT NULL,
                event TEXT NOT NULL, at INTEGER NOT NULL, data TEXT, UNIQUE (instance_id, sequence));
            """);
        _insertState = Prepare("INSERT INTO state (id, json, updated_at) VALUES ($id, $json, $at)", "$id", "$json", "$at");
        _updateState = Prepare("UPDATE state SET json = $json, updated_at = $at WHERE id = $id", "$id", "$json", "$at");
        _insertEntry = Prepare("INSERT INTO journal (instance_id, sequence, event, at, data) VALUES ($id, $sequence, $event, $at, $data)", "$id", "$sequence", "$event", "$at", "$data");
    }

    /// <summary>Makes <paramref name="commits"/> durable commits for a new state row (the first one inserts it).</summary>
    public void Run(int commits)
    {
        var id = "raw-" + _runs++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var sequence = 0; sequence < commits; sequence++)
        {
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using var transaction = _connection.BeginTransaction(deferred: false);
            var state = sequence == 0 ? _insertState : _updateState;
            state.Transaction = transaction;
            state.Parameters["$id"].Value = id;
            state.Parameters["$json"].Value = _state;
            state.Parameters["$at"].Value = at;
            if (state.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException("The state row was not written.");
            }

            _insertEntry.Transaction = transaction;
            _insertEntry.Parameters["$id"].Value = id;
            _insertEntry.Parameters["$sequence"].Value = sequence;
            _insertEntry.Parameters["$event"].Value = "completed";
            _insertEntry.Parameters["$at"].Value = at;
            _insertEntry.Parameters["$data"].Value = _entry;
            _insertEntry.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public void Dispose()
    {
        _insertState.Dispose();
        _updateState.Dispose();
        _insertEntry.Dispose();
        _connection.Dispose();
    }

    private static string Payload(int bytes) => "{\"x\":\"" + new string('s', Math.Max(0, bytes - 8)) + "\"}";

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
