using System.Globalization;
using System.Text;
using Messier.Journal.Commands;
using Messier.Journal.Instances;
using Messier.Workflows.Journal;
using Microsoft.Data.Sqlite;

namespace Messier.Journal.Sqlite;

/// <summary>
/// The journal's read paths as plain SQL over Microsoft.Data.Sqlite: a read-only command such as
/// <c>messier instances list</c> then never builds EF's model nor compiles a LINQ query, which
/// together cost a cold process several hundred milliseconds. The SQL names the tables and columns
/// that EF's model (and its migrations) define; the journal's tests hold the two together.
/// </summary>
internal sealed class JournalReader(string connectionString)
{
    private const string InstanceColumns = """
        "Id", "DefinitionName", "DefinitionHash", "Status", "StateJson", "InputJson", "OutputJson",
        "CreatedAt", "UpdatedAt", "LeaseOwner", "LeaseExpiresAt", "ParentInstanceId", "CancelRequested"
        """;

    public Task<InstanceRecord?> FindInstanceAsync(string id, CancellationToken cancellationToken) =>
        QueryAsync(
            $"""SELECT {InstanceColumns} FROM "instances" WHERE "Id" = $id LIMIT 1""",
            p => p.AddWithValue("$id", id),
            ReadInstance,
            rows => rows.Count == 0 ? null : rows[0],
            cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> FindInstancesByPrefixAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"""SELECT {InstanceColumns} FROM "instances" WHERE 1""");
        var parameters = new List<(string, object)>();
        AppendIdPrefix(sql, parameters, prefix);
        sql.Append(""" ORDER BY "Id" LIMIT $limit""");
        parameters.Add(("$limit", limit));
        return QueryListAsync(sql.ToString(), p => AddAll(p, parameters), ReadInstance, cancellationToken);
    }

    public Task<PinnedDefinition?> FindDefinitionAsync(string hash, CancellationToken cancellationToken) =>
        QueryAsync(
            """SELECT "Hash", "Name", "Json", "Path" FROM "definitions" WHERE "Hash" = $hash LIMIT 1""",
            p => p.AddWithValue("$hash", hash),
            r => new PinnedDefinition(r.GetString(0), r.GetString(1), r.GetString(2), NullableString(r, 3)),
            rows => rows.Count == 0 ? null : rows[0],
            cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"""SELECT {InstanceColumns} FROM "instances" WHERE 1""");
        var parameters = new List<(string, object)>();
        if (query.Statuses.Count > 0)
        {
            var names = query.Statuses.Select(s => s.ToName()).Distinct(StringComparer.Ordinal).ToArray();
            sql.Append(""" AND "Status" IN (""");
            for (var i = 0; i < names.Length; i++)
            {
                var name = "$status" + i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? name : ", " + name);
                parameters.Add((name, names[i]));
            }

            sql.Append(')');
        }

        if (query.DefinitionName is { } definitionName)
        {
            sql.Append(""" AND "DefinitionName" = $definition""");
            parameters.Add(("$definition", definitionName));
        }

        if (!string.IsNullOrEmpty(query.IdPrefix))
        {
            AppendIdPrefix(sql, parameters, query.IdPrefix);
        }

        // Id breaks ties so that pages never overlap when instances share a millisecond.
        // SQLite takes OFFSET only after a LIMIT; -1 means none.
        sql.Append(""" ORDER BY "CreatedAt" DESC, "Id" DESC LIMIT $take OFFSET $skip""");
        parameters.Add(("$take", query.Take == int.MaxValue ? -1 : query.Take));
        parameters.Add(("$skip", query.Skip));
        return QueryListAsync(sql.ToString(), p => AddAll(p, parameters), ReadInstance, cancellationToken);
    }

    public Task<IReadOnlyDictionary<InstanceStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) =>
        QueryAsync<(string Status, int Count), IReadOnlyDictionary<InstanceStatus, int>>(
            """SELECT "Status", count(*) FROM "instances" GROUP BY "Status" """,
            _ => { },
            r => (r.GetString(0), r.GetInt32(1)),
            groups =>
            {
                var counts = new Dictionary<InstanceStatus, int>();
                foreach (var (name, count) in groups)
                {
                    var status = InstanceMapping.ParseStatus(name, "(count)");
                    counts[status] = counts.GetValueOrDefault(status) + count;
                }

                return counts;
            },
            cancellationToken);

    /// <summary>The sequence number the instance's next commit must start at (what a commit's UPDATE checks); null when there is no such instance.</summary>
    public Task<long?> NextSequenceAsync(string instanceId, CancellationToken cancellationToken) =>
        QueryAsync(
            """SELECT "NextSequence" FROM "instances" WHERE "Id" = $id LIMIT 1""",
            p => p.AddWithValue("$id", instanceId),
            r => r.GetInt64(0),
            rows => rows.Count == 0 ? (long?)null : rows[0],
            cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        QueryListAsync(
            """
            SELECT "Sequence", "ActivityId", "ActivityType", "Event", "At", "DataJson"
            FROM "journal_entries" WHERE "InstanceId" = $id ORDER BY "Sequence"
            """,
            p => p.AddWithValue("$id", instanceId),
            r => new JournalEntry(r.GetInt64(0), NullableString(r, 1), NullableString(r, 2), r.GetString(3), Time(r, 4), NullableString(r, 5)),
            cancellationToken);

    public Task<IReadOnlyList<CommandRecord>> GetCommandsAsync(string instanceId, CancellationToken cancellationToken) =>
        QueryListAsync(
            """
            SELECT "ActivityId", "ArgvJson", "ExitCode", "DurationMs", "StartedAt", "OutputTail"
            FROM "commands" WHERE "InstanceId" = $id ORDER BY "StartedAt", "Id"
            """,
            p => p.AddWithValue("$id", instanceId),
            r => new CommandRecord(NullableString(r, 0), ArgvJson.Read(r.GetString(1)), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetInt64(3), Time(r, 4), r.GetString(5)),
            cancellationToken);

    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) =>
        QueryListAsync(
            """
            SELECT "Id", "ActivityId", "FrameId", "Name", "Message", "CreatedAt"
            FROM "bookmarks" WHERE "InstanceId" = $id ORDER BY "CreatedAt", "Id"
            """,
            p => p.AddWithValue("$id", instanceId),
            r => new BookmarkRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), Time(r, 5)),
            cancellationToken);

    public Task<IReadOnlyList<IncidentRecord>> GetIncidentsAsync(string instanceId, CancellationToken cancellationToken) =>
        QueryListAsync(
            """
            SELECT "ActivityId", "ActivityType", "Message", "Details", "At", "ResolvedAt"
            FROM "incidents" WHERE "InstanceId" = $id ORDER BY "At", "Id"
            """,
            p => p.AddWithValue("$id", instanceId),
            r => new IncidentRecord(NullableString(r, 0), NullableString(r, 1), r.GetString(2), NullableString(r, 3), Time(r, 4), r.IsDBNull(5) ? null : Time(r, 5)),
            cancellationToken);

    /// <summary>
    /// Ids starting with <paramref name="prefix"/>, exactly: not LIKE, which SQLite matches
    /// case-insensitively and with wildcards. The range lets the primary key index find the rows;
    /// the <c>substr</c> comparison (counted in characters, as SQLite counts) makes the match exact.
    /// </summary>
    private static void AppendIdPrefix(StringBuilder sql, List<(string, object)> parameters, string prefix)
    {
        if (prefix.Length == 0)
        {
            return;
        }

        sql.Append(""" AND substr("Id", 1, $prefixLength) = $prefix""");
        parameters.Add(("$prefixLength", prefix.EnumerateRunes().Count()));
        parameters.Add(("$prefix", prefix));

        var last = prefix[^1];
        if (last < '\uD7FF')
        {
            sql.Append(""" AND "Id" >= $prefix AND "Id" < $prefixUpper""");
            parameters.Add(("$prefixUpper", string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(last + 1)])));
        }
    }

    private static InstanceRecord ReadInstance(SqliteDataReader r)
    {
        var id = r.GetString(0);
        return new InstanceRecord(
            id,
            r.GetString(1),
            r.GetString(2),
            InstanceMapping.ParseStatus(r.GetString(3), id),
            r.GetString(4),
            r.GetString(5),
            NullableString(r, 6),
            Time(r, 7),
            Time(r, 8),
            InstanceMapping.ToLease(NullableString(r, 9), r.IsDBNull(10) ? null : Time(r, 10)),
            NullableString(r, 11),
            r.GetBoolean(12));
    }

    private static DateTimeOffset Time(SqliteDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));

    private static string? NullableString(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static void AddAll(SqliteParameterCollection collection, List<(string Name, object Value)> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            collection.AddWithValue(name, value);
        }
    }

    private Task<IReadOnlyList<TRow>> QueryListAsync<TRow>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, TRow> read, CancellationToken cancellationToken) =>
        QueryAsync<TRow, IReadOnlyList<TRow>>(sql, bind, read, static rows => rows, cancellationToken);

    /// <summary>Runs one query on a pooled connection (autocommit, so a read sees the last committed state) and shapes its rows.</summary>
    private async Task<TResult> QueryAsync<TRow, TResult>(
        string sql,
        Action<SqliteParameterCollection> bind,
        Func<SqliteDataReader, TRow> read,
        Func<List<TRow>, TResult> shape,
        CancellationToken cancellationToken)
    {
        var connection = await SqliteConnections.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                bind(command.Parameters);
                var rows = new List<TRow>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(read(reader));
                    }
                }

                return shape(rows);
            }
        }
    }
}
