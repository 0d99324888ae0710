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
/// Reads, the check that the schema is current at open, and <see cref="CommitAsync"/> (which the
/// engine calls once per durable step, on a held connection with prepared statements) are plain
/// SQL over Microsoft.Data.Sqlite. EF Core owns the model and the migrations, and serves the
/// occasional other writes (instance creation, leases, command rows) through pooled contexts that
/// are built on first use: a read-only command such as <c>messier instances list</c> never starts
/// EF, whose model load and first query compilation cost a cold process several hundred milliseconds.
/// </para>
/// </remarks>
public sealed class SqliteWorkflowJournal : IWorkflowJournal, IAsyncDisposable
{
    private readonly Lock _contextsGate = new();
    private EntityFrameworkContexts? _contexts;
    private readonly CommitWriter _writer;
    private readonly JournalReader _reader;
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private bool _disposed;

    private SqliteWorkflowJournal(string databasePath, TimeProvider timeProvider)
    {
        DatabasePath = databasePath;
        _time = timeProvider;
        _connectionString = SqliteContextOptions.ConnectionString(databasePath);
        _writer = new CommitWriter(_connectionString);
        _reader = new JournalReader(_connectionString);
    }

    /// <summary>The full path of the journal file.</summary>
    public string DatabasePath { get; }

    /// <summary>Whether opening this journal had to apply migrations (false when the schema was current).</summary>
    internal bool AppliedMigrations { get; private set; }

    /// <summary>Whether this journal has built its EF context pool (it does so only for the writes that go through EF).</summary>
    internal bool UsedEntityFramework => _contexts is not null;

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
            throw Unavailable(fullPath, Describe(ex, fullPath), ex);
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

        try
        {
            await CreateInstanceRowsAsync(instance, owner, leaseDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (IsConstraint(ex))
        {
            throw new JournalConflictException($"Instance '{instance.Id}' already exists in the journal; nothing was written.", ex);
        }
    }

    private async Task CreateInstanceRowsAsync(NewInstance instance, LeaseOwner owner, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
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
                    // The engine numbers entries from 1, as the in-memory journal expects.
                    NextSequence = instance.Entries.Count == 0 ? 1 : instance.Entries.Max(e => e.Sequence) + 1,
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
        commit.EnsureSequencesFollowOneAnother();

        // The lease check is the commit's first statement (UPDATE ... WHERE LeaseOwner = owner):
        // when it matches no row, the transaction is rolled back before anything else is written.
        bool committed;
        try
        {
            committed = await _writer.TryCommitAsync(commit, owner.Serialize(), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT)
        {
            // The transaction was rolled back whole: none of the commit's rows are stored.
            var sequences = commit.Entries.Count == 0 ? "no journal entries" : $"journal sequence numbers {commit.Entries.Min(e => e.Sequence)} to {commit.Entries.Max(e => e.Sequence)}";
            throw new JournalConflictException($"The commit for instance '{commit.InstanceId}' ({sequences}) contradicts what the journal holds ({ex.Message}); nothing of it was stored.", ex);
        }

        if (!committed)
        {
            throw await RefusedAsync(commit, owner, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RecordCommandAsync(string instanceId, CommandRecord command, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A single INSERT is its own transaction: no BEGIN IMMEDIATE needed.
        var context = await Contexts().CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.Commands.Add(command.ToEntity(instanceId));
            try
            {
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (IsConstraint(ex))
            {
                throw new JournalConflictException($"Instance '{instanceId}' is not in the journal; the command record was not stored.", ex);
            }
        }
    }

    public Task<InstanceRecord?> FindInstanceAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.FindInstanceAsync(id, cancellationToken);
    }

    public Task<IReadOnlyList<InstanceRecord>> FindInstancesByPrefixAsync(string idPrefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.FindInstancesByPrefixAsync(idPrefix, limit, cancellationToken);
    }

    public Task<PinnedDefinition?> FindDefinitionAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.FindDefinitionAsync(hash, cancellationToken);
    }

    public Task<IReadOnlyList<InstanceRecord>> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Take);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.ListInstancesAsync(query, cancellationToken);
    }

    public Task<IReadOnlyDictionary<InstanceStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.CountByStatusAsync(cancellationToken);
    }

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.GetJournalAsync(instanceId, cancellationToken);
    }

    public Task<IReadOnlyList<CommandRecord>> GetCommandsAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.GetCommandsAsync(instanceId, cancellationToken);
    }

    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.GetBookmarksAsync(instanceId, cancellationToken);
    }

    public Task<IReadOnlyList<IncidentRecord>> GetIncidentsAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.GetIncidentsAsync(instanceId, cancellationToken);
    }

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

    private static JournalUnavailableException Unavailable(string path, string cause, Exception inner) =>
        new($"The journal '{path}' cannot be used: {cause}.", inner) { DatabasePath = path };

    private static string Describe(Exception ex, string path) => ex switch
    {
        SqliteException { SqliteErrorCode: 26 } => "the file is not a SQLite database",
        SqliteException { SqliteErrorCode: 8 } => "it cannot be written (a read-only file or disk)",
        SqliteException { SqliteErrorCode: 5 or 6 } => LockedCause,
        // A journal in WAL mode on a read-only disk fails to open (its -shm cannot be made), not to write.
        SqliteException { SqliteErrorCode: 14 } when ReadOnlyFile(path) is { } why => $"it cannot be written (a read-only file or disk: {why})",
        SqliteException { SqliteErrorCode: 14 } => $"SQLite cannot open it ({ex.Message})",
        _ => ex.Message.TrimEnd('.'),
    };

    private static bool IsConstraint(DbUpdateException ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_CONSTRAINT };

    private const string LockedCause = "it is locked by another process, which held it longer than the busy timeout; nothing was done. Find the process (fuser on the file) and try again";

    /// <summary>
    /// Turns a provider error met after the journal was opened (a lock held by another process
    /// past the busy timeout, a disk turned read-only) into the journal's own exception; null for
    /// anything else. Callers at the edge (the CLI) use it so an operator gets the journal's path
    /// and the cause, not a provider's type name.
    /// </summary>
    public static JournalUnavailableException? Explain(Exception ex, string databasePath)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is SqliteException { SqliteErrorCode: 5 or 6 or 8 or 14 } sqlite)
            {
                return Unavailable(Path.GetFullPath(databasePath), Describe(sqlite, databasePath), ex);
            }
        }

        return null;
    }

    /// <summary>Why an existing journal file cannot be opened for writing, or null when it can (or does not exist).</summary>
    private static string? ReadOnlyFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // Opened and closed without writing a byte: only asks whether a write would be allowed.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message.TrimEnd('.');
        }
    }

    /// <summary>Why the commit's UPDATE matched no row: the instance is gone, the lease is another's, or the sequence numbers do not follow.</summary>
    private async Task<Exception> RefusedAsync(InstanceCommit commit, LeaseOwner owner, CancellationToken cancellationToken)
    {
        var id = commit.InstanceId;
        var row = await _reader.FindInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return new LeaseLostException($"Instance '{id}' is not in the journal; nothing was committed.");
        }

        if (row.Lease?.Owner == owner && commit.Entries.Count > 0)
        {
            // The number the commit's UPDATE compared with, read rather than derived from the entries.
            var expected = await _reader.NextSequenceAsync(id, cancellationToken).ConfigureAwait(false);
            return new JournalConflictException($"The commit for instance '{id}' starts at journal sequence number {commit.Entries[0].Sequence}, but the journal's next is {expected}; nothing of it was stored.");
        }

        var holder = row.Lease is null ? "nobody" : row.Lease.Owner.Describe();
        return new LeaseLostException($"Instance '{id}' is no longer owned by {owner.Describe()}: it is held by {holder}; nothing was committed.");
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await SqliteConnections.OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // SQLite silently opens a file it may not write read-only; the first commit would fail far from here.
            if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new SqliteException("attempt to write a readonly database", 8);
            }

            // WAL is stored in the file: set it once, read it on every later open (the read also
            // proves the file is a database).
            if (!string.Equals(await SqliteConnections.ScalarAsync(connection, "PRAGMA journal_mode;", cancellationToken).ConfigureAwait(false), "wal", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(await SqliteConnections.ScalarAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false), "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException("SQLite refused to switch it to WAL journal mode");
            }

            // A current schema is recognized by its last migration id alone, read with plain SQL;
            // only a file that is behind starts EF, whose MigrateAsync takes a lock and reads the
            // history even when there is nothing to do.
            if (await LatestAppliedMigrationAsync(connection, cancellationToken).ConfigureAwait(false) == JournalMigrations.Latest)
            {
                return;
            }
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings the schema up to date; a method of its own so that opening a current file never loads EF.</summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var context = await Contexts().CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            AppliedMigrations = true;
        }
    }

    private static async Task<string?> LatestAppliedMigrationAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        const string historyTable = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';";
        if (await SqliteConnections.ScalarAsync(connection, historyTable, cancellationToken).ConfigureAwait(false) == "0")
        {
            return null;
        }

        return await SqliteConnections.ScalarAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1;", cancellationToken).ConfigureAwait(false);
    }

    private EntityFrameworkContexts Contexts()
    {
        lock (_contextsGate)
        {
            return _contexts ??= new EntityFrameworkContexts(_connectionString);
        }
    }

    /// <summary>A pooled context on this journal's file, for tests that look at the schema and pragmas.</summary>
    internal Task<JournalDbContext> CreateDbContextAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Contexts().CreateAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on one pooled context, in autocommit mode.</summary>
    private async Task<T> InContextAsync<T>(Func<JournalDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = await Contexts().CreateAsync(cancellationToken).ConfigureAwait(false);
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
        var context = await Contexts().CreateAsync(cancellationToken).ConfigureAwait(false);
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
