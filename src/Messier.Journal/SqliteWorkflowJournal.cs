using System.Data.Common;
using Messier.Journal.Bookmarks;
using Messier.Journal.Commands;
using Messier.Journal.Definitions;
using Messier.Journal.Entries;
using Messier.Journal.Incidents;
using Messier.Journal.Instances;
using Messier.Journal.Sqlite;
using Messier.Workflows.Journal;
using Messier.Workflows.Leases;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Messier.Journal;

/// <summary>
/// The journal in one SQLite file (WAL, <c>synchronous=FULL</c>), shared safely by several
/// processes: a runner, a second runner racing it for a lease, and <c>messier instances list</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every write runs in a <c>BEGIN IMMEDIATE</c> transaction (or is a single statement), so a
/// read-then-write such as taking a lease cannot interleave with another process's; a process
/// that finds the file locked waits up to the busy timeout instead of failing.
/// </para>
/// <para>
/// Reads and the occasional writes go through pooled EF contexts. <see cref="CommitAsync"/>, which
/// the engine calls once per durable step, has a connection of its own with prepared statements,
/// so that a commit costs little more than its fsync.
/// </para>
/// </remarks>
public sealed class SqliteWorkflowJournal : IWorkflowJournal, IAsyncDisposable
{
    private readonly PooledDbContextFactory<JournalDbContext> _contexts;
    private readonly CommitWriter _writer;
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private bool _disposed;

    private SqliteWorkflowJournal(string databasePath, TimeProvider timeProvider)
    {
        DatabasePath = databasePath;
        _time = timeProvider;
        _connectionString = SqliteContextOptions.ConnectionString(databasePath);
        var options = SqliteContextOptions.Build(_connectionString);
        _contexts = new PooledDbContextFactory<JournalDbContext>(options);
        _writer = new CommitWriter(() => new JournalDbContext(options));
    }

    /// <summary>The full path of the journal file.</summary>
    public string DatabasePath { get; }

    /// <summary>Whether opening this journal had to apply migrations (false when the schema was current).</summary>
    internal bool AppliedMigrations { get; private set; }

    /// <summary>
    /// Opens the journal at <paramref name="databasePath"/>, creating the file and its folder if
    /// missing and bringing the schema up to date.
    /// </summary>
    /// <exception cref="JournalUnavailableException">The folder cannot be made, the disk is read-only, or the file is not a SQLite database.</exception>
    public static Task<SqliteWorkflowJournal> OpenAsync(string databasePath, CancellationToken cancellationToken) =>
        OpenAsync(databasePath, TimeProvider.System, cancellationToken);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    /// <param name="timeProvider">The clock for lease expiry and row times.</param>
    public static async Task<SqliteWorkflowJournal> OpenAsync(string databasePath, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var fullPath = Path.GetFullPath(databasePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath) ?? ".");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(fullPath, $"its folder cannot be created ({ex.Message})", ex);
        }

        var journal = new SqliteWorkflowJournal(fullPath, timeProvider);
        try
        {
            await journal.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return journal;
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException)
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw Unavailable(fullPath, Describe(ex), ex);
        }
        catch
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task CreateInstanceAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(owner);

        await InImmediateTransactionAsync(
            async context =>
            {
                var now = _time.GetUtcNow();
                var hash = instance.DefinitionHash;

                // Inside BEGIN IMMEDIATE: no other process can insert the same hash between check and insert.
                if (!await context.Definitions.AnyAsync(d => d.Hash == hash, cancellationToken).ConfigureAwait(false))
                {
                    context.Definitions.Add(new DefinitionEntity
                    {
                        Hash = hash,
                        Name = instance.DefinitionName,
                        Json = instance.DefinitionJson,
                        Path = instance.DefinitionPath,
                    });
                }

                context.Instances.Add(new InstanceEntity
                {
                    Id = instance.Id,
                    DefinitionName = instance.DefinitionName,
                    DefinitionHash = hash,
                    Status = InstanceStatus.Running.ToName(),
                    StateJson = instance.StateJson,
                    InputJson = instance.InputJson,
                    CreatedAt = now,
                    UpdatedAt = now,
                    LeaseOwner = owner.Serialize(),
                    LeaseExpiresAt = now + leaseDuration,
                    ParentInstanceId = instance.ParentInstanceId,
                    NextSequence = instance.Entries.Count == 0 ? 0 : instance.Entries.Max(e => e.Sequence) + 1,
                });

                foreach (var entry in instance.Entries)
                {
                    context.JournalEntries.Add(entry.ToEntity(instance.Id));
                }

                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(owner);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // The lease check is the commit's first statement (UPDATE ... WHERE LeaseOwner = owner):
        // when it matches no row, the transaction is rolled back before anything else is written.
        if (!await _writer.TryCommitAsync(commit, owner.Serialize(), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                throw await LeaseLostAsync(context, commit.InstanceId, owner, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A single INSERT is its own transaction: no BEGIN IMMEDIATE needed.
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.Commands.Add(command.ToEntity(instanceId));
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<InstanceRecord?> FindInstanceAsync(string id, CancellationToken cancellationToken) =>
        InContextAsync(
            async context =>
            {
                var row = await context.Instances.AsNoTracking()
                    .FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
                    .ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> FindInstancesByPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);

        return InContextAsync<IReadOnlyList<InstanceRecord>>(
            async context =>
            {
                var rows = await WithIdPrefix(context.Instances.AsNoTracking(), idPrefix)
                    .OrderBy(i => i.Id)
                    .Take(limit)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);
    }

    public Task<PinnedDefinition?> FindDefinitionAsync(string hash, CancellationToken cancellationToken) =>
        InContextAsync(
            async context =>
            {
                var row = await context.Definitions.AsNoTracking()
                    .FirstOrDefaultAsync(d => d.Hash == hash, cancellationToken)
                    .ConfigureAwait(false);
                return row is null ? null : new PinnedDefinition(row.Hash, row.Name, row.Json, row.Path);
            },
            cancellationToken);

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Take);

        return InContextAsync<IReadOnlyList<InstanceRecord>>(
            async context =>
            {
                IQueryable<InstanceEntity> rows = context.Instances.AsNoTracking();
                if (query.Statuses.Count > 0)
                {
                    var names = query.Statuses.Select(s => s.ToName()).Distinct().ToArray();
                    rows = rows.Where(i => names.Contains(i.Status));
                }

                if (query.DefinitionName is { } definitionName)
                {
                    rows = rows.Where(i => i.DefinitionName == definitionName);
                }

                if (!string.IsNullOrEmpty(query.IdPrefix))
                {
                    rows = WithIdPrefix(rows, query.IdPrefix);
                }

                // Id breaks ties so that pages never overlap when instances share a millisecond.
                rows = rows.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id);
                if (query.Skip > 0)
                {
                    rows = rows.Skip(query.Skip);
                }

                if (query.Take != int.MaxValue)
                {
                    rows = rows.Take(query.Take);
                }

                var list = await rows.ToListAsync(cancellationToken).ConfigureAwait(false);
                return [.. list.Select(r => r.ToRecord())];
            },
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<InstanceStatus, int>> CountByStatusAsync(CancellationToken cancellationToken) =>
        InContextAsync<IReadOnlyDictionary<InstanceStatus, int>>(
            async context =>
            {
                var groups = await context.Instances.AsNoTracking()
                    .GroupBy(i => i.Status)
                    .Select(g => new { Status = g.Key, Count = g.Count() })
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);

                var counts = new Dictionary<InstanceStatus, int>();
                foreach (var group in groups)
                {
                    var status = InstanceMapping.ParseStatus(group.Status, "(count)");
                    counts[status] = counts.GetValueOrDefault(status) + group.Count;
                }

                return counts;
            },
            cancellationToken);

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        InContextAsync<IReadOnlyList<JournalEntry>>(
            async context =>
            {
                var rows = await context.JournalEntries.AsNoTracking()
                    .Where(e => e.InstanceId == instanceId)
                    .OrderBy(e => e.Sequence)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);

    public Task<IReadOnlyList<CommandRecord>> GetCommandsAsync(string instanceId, CancellationToken cancellationToken) =>
        InContextAsync<IReadOnlyList<CommandRecord>>(
            async context =>
            {
                var rows = await context.Commands.AsNoTracking()
                    .Where(c => c.InstanceId == instanceId)
                    .OrderBy(c => c.StartedAt)
                    .ThenBy(c => c.Id)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);

    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) =>
        InContextAsync<IReadOnlyList<BookmarkRecord>>(
            async context =>
            {
                var rows = await context.Bookmarks.AsNoTracking()
                    .Where(b => b.InstanceId == instanceId)
                    .OrderBy(b => b.CreatedAt)
                    .ThenBy(b => b.Id)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);

    public Task<IReadOnlyList<IncidentRecord>> GetIncidentsAsync(string instanceId, CancellationToken cancellationToken) =>
        InContextAsync<IReadOnlyList<IncidentRecord>>(
            async context =>
            {
                var rows = await context.Incidents.AsNoTracking()
                    .Where(x => x.InstanceId == instanceId)
                    .OrderBy(x => x.At)
                    .ThenBy(x => x.Id)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);

    public Task<LeaseResult> TryAcquireLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, IOwnerLiveness liveness, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(liveness);

        return InImmediateTransactionAsync(
            async context =>
            {
                var now = _time.GetUtcNow();
                var me = owner.Serialize();

                var current = await context.Instances.AsNoTracking()
                    .Where(i => i.Id == instanceId)
                    .Select(i => new { i.LeaseOwner, i.LeaseExpiresAt })
                    .FirstOrDefaultAsync(cancellationToken)
                    .ConfigureAwait(false);
                if (current is null)
                {
                    return LeaseResult.NotFound;
                }

                // A live (or unknowable) holder whose lease has not run out keeps it.
                string? deadOwner = null;
                if (current.LeaseOwner is { } holder && holder != me && current.LeaseExpiresAt > now)
                {
                    var holderOwner = InstanceMapping.ParseOwner(holder);
                    if (liveness.IsAlive(holderOwner) != false)
                    {
                        return LeaseResult.Refused(new LeaseInfo(holderOwner, current.LeaseExpiresAt.Value));
                    }

                    deadOwner = holder;
                }

                // The same conditions again in the UPDATE, so that the row decides even if the read
                // above was ever made outside an immediate transaction.
                DateTimeOffset? expiresAt = now + duration;
                var taken = await context.Instances
                    .Where(i => i.Id == instanceId
                        && (i.LeaseOwner == null || i.LeaseExpiresAt <= now || i.LeaseOwner == me || i.LeaseOwner == deadOwner))
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(i => i.LeaseOwner, me).SetProperty(i => i.LeaseExpiresAt, expiresAt),
                        cancellationToken)
                    .ConfigureAwait(false);
                if (taken == 0)
                {
                    var winner = await context.Instances.AsNoTracking()
                        .Where(i => i.Id == instanceId)
                        .Select(i => new { i.LeaseOwner, i.LeaseExpiresAt })
                        .FirstAsync(cancellationToken)
                        .ConfigureAwait(false);
                    return InstanceMapping.ToLease(winner.LeaseOwner, winner.LeaseExpiresAt) is { } lease
                        ? LeaseResult.Refused(lease)
                        : LeaseResult.NotFound;
                }

                var tookOver = current.LeaseOwner is { } previous && previous != me;
                return LeaseResult.Granted(tookOver);
            },
            cancellationToken);
    }

    public Task<LeaseRenewal> RenewLeaseAsync(string instanceId, LeaseOwner owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(owner);

        return InImmediateTransactionAsync(
            async context =>
            {
                var me = owner.Serialize();
                DateTimeOffset? expiresAt = _time.GetUtcNow() + duration;
                var renewed = await context.Instances
                    .Where(i => i.Id == instanceId && i.LeaseOwner == me)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, expiresAt), cancellationToken)
                    .ConfigureAwait(false);
                var cancelRequested = await context.Instances.AsNoTracking()
                    .Where(i => i.Id == instanceId)
                    .Select(i => i.CancelRequested)
                    .FirstOrDefaultAsync(cancellationToken)
                    .ConfigureAwait(false);
                return new LeaseRenewal(renewed == 1, cancelRequested);
            },
            cancellationToken);
    }

    public Task ReleaseLeaseAsync(string instanceId, LeaseOwner owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(owner);

        var me = owner.Serialize();
        return InContextAsync(
            context => context.Instances
                .Where(i => i.Id == instanceId && i.LeaseOwner == me)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseExpiresAt, (DateTimeOffset?)null),
                    cancellationToken),
            cancellationToken);
    }

    public Task RequestCancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);

        return InContextAsync(
            context => context.Instances
                .Where(i => i.Id == instanceId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.CancelRequested, true), cancellationToken),
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _writer.DisposeAsync().ConfigureAwait(false);

        // Pooled connections keep the file (and its -wal/-shm) open; let them go with the journal.
        var connection = new SqliteConnection(_connectionString);
        await using (connection.ConfigureAwait(false))
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>
    /// Ids starting with <paramref name="prefix"/>, exactly: not <c>StartsWith</c>, which becomes a
    /// LIKE that SQLite matches case-insensitively. The range lets the primary key index find the
    /// rows; the <c>substr</c> comparison (counted in characters, as SQLite counts) makes the match exact.
    /// </summary>
    private static IQueryable<InstanceEntity> WithIdPrefix(IQueryable<InstanceEntity> rows, string prefix)
    {
        if (prefix.Length == 0)
        {
            return rows;
        }

        var characters = prefix.EnumerateRunes().Count();
        rows = rows.Where(i => i.Id.Substring(0, characters) == prefix);

        var last = prefix[^1];
        if (last < '\uD7FF')
        {
            var upper = string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(last + 1)]);
            rows = rows.Where(i => string.Compare(i.Id, prefix) >= 0 && string.Compare(i.Id, upper) < 0);
        }

        return rows;
    }

    private static JournalUnavailableException Unavailable(string path, string cause, Exception inner) =>
        new($"The journal '{path}' cannot be used: {cause}.", inner) { DatabasePath = path };

    private static string Describe(Exception ex) => ex switch
    {
        SqliteException { SqliteErrorCode: 26 } => "the file is not a SQLite database",
        SqliteException { SqliteErrorCode: 8 } => "it cannot be written (a read-only file or disk)",
        SqliteException { SqliteErrorCode: 14 } => $"SQLite cannot open it ({ex.Message})",
        _ => ex.Message.TrimEnd('.'),
    };

    private static async Task<LeaseLostException> LeaseLostAsync(JournalDbContext context, string id, LeaseOwner owner, CancellationToken cancellationToken)
    {
        var row = await context.Instances.AsNoTracking()
            .Where(i => i.Id == id)
            .Select(i => new { i.LeaseOwner, i.LeaseExpiresAt })
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        if (row is null)
        {
            return new LeaseLostException($"Instance '{id}' is not in the journal; nothing was committed.");
        }

        var holder = row.LeaseOwner is null ? "nobody" : InstanceMapping.ParseOwner(row.LeaseOwner).Describe();
        return new LeaseLostException($"Instance '{id}' is no longer owned by {owner.Describe()}: it is held by {holder}; nothing was committed.");
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var connection = (SqliteConnection)context.Database.GetDbConnection();

            // SQLite silently opens a file it may not write read-only; the first commit would fail far from here.
            if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new SqliteException("attempt to write a readonly database", 8);
            }

            // WAL is stored in the file: set it once, read it on every later open (the read also
            // proves the file is a database).
            if (!string.Equals(await ScalarAsync(connection, "PRAGMA journal_mode;", cancellationToken).ConfigureAwait(false), "wal", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(await ScalarAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false), "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException("SQLite refused to switch it to WAL journal mode");
            }

            // MigrateAsync takes a lock and reads the history even when there is nothing to do; a
            // current schema is recognized by its last migration id alone.
            var latest = context.Database.GetMigrations().LastOrDefault();
            if (latest is null || await LatestAppliedMigrationAsync(connection, cancellationToken).ConfigureAwait(false) != latest)
            {
                await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                AppliedMigrations = true;
            }
        }
    }

    private static async Task<string?> LatestAppliedMigrationAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        const string historyTable = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';";
        if (await ScalarAsync(connection, historyTable, cancellationToken).ConfigureAwait(false) == "0")
        {
            return null;
        }

        return await ScalarAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1;", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A pooled context on this journal's file, for tests that look at the schema and pragmas.</summary>
    internal Task<JournalDbContext> CreateDbContextAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _contexts.CreateDbContextAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on one pooled context, in autocommit mode.</summary>
    private async Task<T> InContextAsync<T>(Func<JournalDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await work(context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction: the write lock is
    /// taken up front (waiting out the busy timeout), so what the work reads cannot change before
    /// it writes. Commits when the work returns; rolls back when it throws.
    /// </summary>
    private async Task<T> InImmediateTransactionAsync<T>(Func<JournalDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var connection = (SqliteConnection)context.Database.GetDbConnection();
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                await context.Database.UseTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
                var result = await work(context).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }
}
