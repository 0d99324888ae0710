namespace Messier.Journal;

/// <summary>
/// The journal file cannot be opened for use: its folder cannot be made, it is on a read-only
/// disk, or it is not a SQLite database. The message names the path and the cause.
/// </summary>
public sealed class JournalUnavailableException : Exception
{
    public JournalUnavailableException()
    {
    }

    public JournalUnavailableException(string message)
        : base(message)
    {
    }

    public JournalUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The full path of the journal file that could not be used.</summary>
    public string? DatabasePath { get; init; }
}
