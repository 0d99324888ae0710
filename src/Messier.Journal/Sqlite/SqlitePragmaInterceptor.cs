using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Messier.Journal.Sqlite;

/// <summary>
/// Sets the per-connection pragmas every time EF opens a connection (pooled handles included):
/// <c>synchronous</c> and <c>busy_timeout</c> are not stored in the file, unlike <c>journal_mode=WAL</c>.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    /// <summary>How long a statement waits for another process's write lock before SQLITE_BUSY.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    // FULL: a commit that returned survives power loss, which the journal's contract promises.
    public const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;";

    public static SqlitePragmaInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
