namespace Messier.Cli.Composition;

/// <summary>Where the journal lives: --journal, else MESSIER_JOURNAL, else a per-user or system default.</summary>
internal static class JournalLocation
{
    public const string EnvironmentVariable = "MESSIER_JOURNAL";
    public const string SystemPath = "/var/lib/messier/journal.db";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        if (Environment.IsPrivilegedProcess)
        {
            return SystemPath;
        }

        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(stateHome))
        {
            stateHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(stateHome, "messier", "journal.db");
    }
}
