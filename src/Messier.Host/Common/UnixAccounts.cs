using System.Globalization;
using Messier.Workflows.Activities.Contracts;

namespace Messier.Host.Common;

/// <summary>
/// Resolves user and group names to ids the way every activity that sets or checks ownership
/// must, so that "the user exists" means the same thing everywhere: through NSS (getent), so LDAP
/// and other directories count, and with a purely numeric value taken as an id as it is, because
/// restored and copied data often carries ids of users that exist only in a container.
/// </summary>
internal static class UnixAccounts
{
    /// <summary>The id for a user name or uid; null when no such user exists on this host.</summary>
    public static Task<long?> FindUserAsync(StepContext context, string name, CancellationToken cancellationToken) =>
        FindAsync(context, "passwd", "user", name, cancellationToken);

    /// <summary>The id for a group name or gid; null when no such group exists on this host.</summary>
    public static Task<long?> FindGroupAsync(StepContext context, string name, CancellationToken cancellationToken) =>
        FindAsync(context, "group", "group", name, cancellationToken);

    /// <summary>As <see cref="FindUserAsync"/>, failing the step (not retryable) when the user does not exist.</summary>
    public static async Task<long> RequireUserAsync(StepContext context, string name, CancellationToken cancellationToken) =>
        await FindUserAsync(context, name, cancellationToken) ?? throw Unknown("user", name);

    /// <summary>As <see cref="FindGroupAsync"/>, failing the step (not retryable) when the group does not exist.</summary>
    public static async Task<long> RequireGroupAsync(StepContext context, string name, CancellationToken cancellationToken) =>
        await FindGroupAsync(context, name, cancellationToken) ?? throw Unknown("group", name);

    private static StepFailedException Unknown(string what, string name) =>
        new($"the {what} '{Printable.Show(name)}' does not exist on this host.") { Retryable = false };

    private static async Task<long?> FindAsync(StepContext context, string database, string what, string name, CancellationToken cancellationToken)
    {
        if (name.Length > 0 && name.All(char.IsAsciiDigit))
        {
            return long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= uint.MaxValue - 1
                ? id
                : throw new StepFailedException($"{what} id {name} is out of range.") { Retryable = false };
        }

        // No account can have such a name, and getent would read ':' as part of the record and
        // an empty name as "list them all"; so it is unknown, and one that a check reports with the rest.
        if (name.Length == 0 || name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            return null;
        }

        // "--": a name such as "-rf" or "--help" is one argv word, but getent would still read it as an option.
        var result = await context.QueryAsync(["getent", database, "--", name], cancellationToken);
        if (result.ExitCode == 2)
        {
            return null;
        }

        var fields = result.StandardOutput.Split('\n')[0].Split(':');
        if (result.ExitCode != 0 || fields.Length < 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var resolved))
        {
            throw new StepFailedException($"cannot look up the {what} '{Printable.Show(name)}': getent {database} exited with {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "no code"}: {result.OutputTail(500).Trim()}");
        }

        return resolved;
    }
}
