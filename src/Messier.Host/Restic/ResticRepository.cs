using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Commands;

namespace Messier.Host.Restic;

/// <summary>
/// Runs restic against one repository. The password never goes into an argv (argvs are journaled
/// and visible in ps) nor into the step's inputs (also journaled): it comes from a file restic
/// reads itself, or from an environment variable of messier's that is handed to restic as
/// RESTIC_PASSWORD in the command's own environment, or is inherited as restic's own variables.
/// </summary>
internal sealed class ResticRepository
{
    private static readonly string[] InheritedPasswordVariables = ["RESTIC_PASSWORD", "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND"];

    private readonly string repository;
    private readonly string? passwordFile;
    private readonly IReadOnlyDictionary<string, string?> environment;

    private ResticRepository(string repository, string? passwordFile, IReadOnlyDictionary<string, string?> environment)
    {
        this.repository = repository;
        this.passwordFile = passwordFile;
        this.environment = environment;
    }

    public string Location => repository;

    public static ResticRepository FromInputs(StepContext context)
    {
        var repository = context.Inputs.GetString("repository");
        var passwordFile = DataPaths.OptionalAbsolute(context, "passwordFile");
        var passwordVariable = context.Inputs.GetOptionalString("passwordVariable");
        if (passwordFile is not null && passwordVariable is not null)
        {
            throw new StepFailedException($"Activity '{context.Node.Id}': give passwordFile or passwordVariable, not both.") { Retryable = false };
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (passwordVariable is not null)
        {
            var password = Environment.GetEnvironmentVariable(passwordVariable);
            if (string.IsNullOrEmpty(password))
            {
                throw new StepFailedException($"Activity '{context.Node.Id}': passwordVariable names {passwordVariable}, which is not set in messier's environment.") { Retryable = false };
            }

            environment["RESTIC_PASSWORD"] = password;
            environment["RESTIC_PASSWORD_FILE"] = null;
            environment["RESTIC_PASSWORD_COMMAND"] = null;
        }
        else if (passwordFile is not null)
        {
            if (!File.Exists(passwordFile))
            {
                throw new StepFailedException($"the password file {passwordFile} does not exist.") { Retryable = false };
            }

            // An inherited RESTIC_PASSWORD would win over nothing, but be explicit about which one counts.
            environment["RESTIC_PASSWORD"] = null;
            environment["RESTIC_PASSWORD_COMMAND"] = null;
        }
        else if (!InheritedPasswordVariables.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))))
        {
            // Without a password restic would read one from stdin, which is empty here, and fail obscurely.
            throw new StepFailedException($"Activity '{context.Node.Id}': no restic password: give passwordFile, or passwordVariable naming an environment variable that holds it, or set RESTIC_PASSWORD_FILE for messier.") { Retryable = false };
        }

        return new ResticRepository(repository, passwordFile, environment);
    }

    /// <summary>The snapshot an id, a unique prefix or "latest" names.</summary>
    public async Task<ResticSnapshot> FindSnapshotAsync(StepContext context, string snapshot, CancellationToken cancellationToken)
    {
        var result = await RunAsync(context, ["snapshots", "--json", snapshot], cancellationToken);
        JsonArray? list = null;
        try
        {
            list = JsonNode.Parse(result.StandardOutput) as JsonArray;
        }
        catch (JsonException)
        {
            // Reported below with restic's own words.
        }

        if (list is null)
        {
            throw new StepFailedException($"cannot read the snapshot list of {repository}: {result.OutputTail(800).Trim()}");
        }

        var found = list.OfType<JsonObject>()
            .Select(s => new ResticSnapshot(
                (string?)s["id"] ?? string.Empty,
                DateTimeOffset.Parse((string?)s["time"] ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture),
                (s["paths"] as JsonArray)?.Select(p => (string?)p ?? string.Empty).ToArray() ?? []))
            .Where(s => s.Id.Length > 0)
            .OrderByDescending(s => s.Time)
            .FirstOrDefault();
        return found ?? throw new StepFailedException($"the restic repository {repository} has no snapshot '{snapshot}'{(snapshot == "latest" ? " (it has no snapshots)" : string.Empty)}: there is nothing to restore from.") { Retryable = false };
    }

    public async Task RestoreAsync(StepContext context, ResticSnapshot snapshot, string into, string? include, CancellationToken cancellationToken)
    {
        var args = new List<string> { "restore", snapshot.Id, "--target", into };
        if (include is not null)
        {
            args.AddRange(["--include", include]);
        }

        await RunAsync(context, args, cancellationToken);
    }

    private async Task<CommandResult> RunAsync(StepContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var argv = new List<string> { "restic", "-r", repository };
        if (passwordFile is not null)
        {
            // The file's path is not a secret, and the journal is better for showing which one was used.
            argv.AddRange(["--password-file", passwordFile]);
        }

        argv.AddRange(args);
        var result = await context.RunCommandAsync(new CommandRequest(argv) { Environment = environment, AcceptedExitCodes = [] }, cancellationToken);
        if (result.ExitCode == 0)
        {
            return result;
        }

        var said = result.OutputTail(1500).Trim();
        var hopeless = said.Contains("wrong password", StringComparison.Ordinal)
            || said.Contains("no matching ID found", StringComparison.Ordinal)
            || said.Contains("Fatal: invalid id", StringComparison.Ordinal);
        throw new StepFailedException($"{ArgvFormatter.Format(argv)} exited with {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "no code"}: {said}")
        {
            // A repository that is not reachable now (a NAS not mounted yet) may be later; a wrong password or a missing snapshot will not.
            Retryable = !hopeless,
        };
    }
}
