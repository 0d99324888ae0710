namespace Messier.Cli;

/// <summary>The exit codes messier promises to scripts; README.md lists them.</summary>
public static class ExitCodes
{
    /// <summary>The workflow finished, or the command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The workflow faulted (an incident says why).</summary>
    public const int Faulted = 1;

    /// <summary>Bad usage: unknown option, invalid definition or inputs, unknown instance, wrong status.</summary>
    public const int Usage = 2;

    /// <summary>The workflow is suspended, waiting for an approval.</summary>
    public const int Suspended = 3;

    /// <summary>Another live runner owns the instance; nothing was done.</summary>
    public const int Busy = 4;

    /// <summary>The workflow was cancelled.</summary>
    public const int Cancelled = 5;

    /// <summary>The journal cannot be opened (locked, read-only, not a journal).</summary>
    public const int JournalUnavailable = 6;

    /// <summary><c>messier hold check</c>: an unfinished flow holds the services stopped; do not start them.</summary>
    public const int Held = 7;

    /// <summary>Stopped by Ctrl+C or SIGTERM; the instance is resumable.</summary>
    public const int Interrupted = 130;
}
