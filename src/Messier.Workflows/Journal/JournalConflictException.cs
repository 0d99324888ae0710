namespace Messier.Workflows.Journal;

/// <summary>
/// A write the journal refused because it contradicts what is already there: an instance id that
/// exists, a journal sequence number already written or out of order, a record for an instance
/// the journal does not hold. Nothing of the refused write was stored. Every journal throws this
/// rather than its store's own error, so the engine and the CLI can name the cause without
/// knowing SQLite.
/// </summary>
public sealed class JournalConflictException : Exception
{
    public JournalConflictException()
    {
    }

    public JournalConflictException(string message)
        : base(message)
    {
    }

    public JournalConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
