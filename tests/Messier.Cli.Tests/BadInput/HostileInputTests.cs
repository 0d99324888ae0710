using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Messier.Testing;

namespace Messier.Cli.Tests.BadInput;

/// <summary>
/// Hostile names and paths for pools, datasets, mountpoints, users and service units, through the
/// real binary: each must be refused with a message that names it (exit 1 or 2, no stack trace),
/// or reach its command as exactly one argv word, as the journal records; and no shell runs it.
/// Dry runs reach the flows' own validation; small definitions of single host activities, run
/// for real in a temp folder, show the argv. Nothing here creates a pool or changes the host.
/// </summary>
public sealed partial class HostileInputTests : IDisposable
{
    private readonly MessierSandbox sandbox = new();

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_pool_name_is_refused_by_the_preflight_naming_it(string name)
    {
        var pool = HostileValues.All[name];

        var result = await sandbox.RunAsync(["run", "host-preflight", "--dry-run", .. PreflightInputs(pool, """[{"name": "docker"}]""")]);

        AssertRefused(result, pool, "is not a valid ZFS", dryRun: true);
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_dataset_name_is_refused_by_the_preflight_naming_it(string name)
    {
        var dataset = HostileValues.All[name];

        var result = await sandbox.RunAsync(["run", "host-preflight", "--dry-run", .. PreflightInputs("tank", new JsonArray(new JsonObject { ["name"] = dataset }).ToJsonString())]);

        AssertRefused(result, dataset, "is not a valid ZFS", dryRun: true);
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_directory_to_convert_is_refused_by_directory_to_dataset_naming_it(string name)
    {
        var path = HostileValues.All[name];

        var result = await sandbox.RunAsync(["run", "directory-to-dataset", "--dry-run", "--input", $"path={path}", "--input", "dataset=tank/ok"]);

        AssertRefused(result, path, "must be an absolute path", dryRun: true);
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_drive_path_is_refused_by_setup_host_naming_it(string name)
    {
        // Relative as given, and absolute below a folder: neither is a drive, and both must be named.
        var value = HostileValues.All[name];
        var absolute = Path.Combine(sandbox.Root, "drives", value);

        var relative = await sandbox.RunAsync(["run", "setup-host", "--dry-run", "--input", "pool=tank", "--input", $"devices={new JsonArray(value, absolute).ToJsonString()}"]);
        var below = await sandbox.RunAsync(["run", "setup-host", "--dry-run", "--input", "pool=tank", "--input", $"devices={new JsonArray(absolute, sandbox.PathOf("no-such-drive")).ToJsonString()}"]);

        AssertRefused(relative, value, "must be an absolute path", dryRun: true);
        AssertRefused(below, absolute, "Not drives|contains control characters", dryRun: true);
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_mountpoint_below_a_folder_is_inspected_as_one_argv_word(string name)
    {
        // Absolute, so it gets past the path rule: inspecting it must not split or interpret it.
        var value = HostileValues.All[name];
        var path = Path.Combine(sandbox.Root, "mnt", value);
        var made = TryCreateDirectory(path);

        var (result, commands) = await RunActivityAsync("inspect", new JsonObject { ["type"] = "InspectPaths", ["id"] = "inspect", ["paths"] = new JsonArray(path) });

        if (result.ExitCode == 0)
        {
            Assert.True(!made || commands.Count > 0, $"an existing directory is inspected with stat\n{result}");
            AssertOneWord(commands, path);
        }
        else
        {
            AssertRefused(result, value, "path|does not exist");
        }
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_directory_is_chowned_as_one_argv_word(string name)
    {
        var value = HostileValues.All[name];
        var path = Path.Combine(sandbox.Root, "own", value);
        var made = TryCreateDirectory(path);

        var (result, commands) = await RunActivityAsync("own", new JsonObject { ["type"] = "EnsureOwnership", ["id"] = "own", ["path"] = path, ["owner"] = "0", ["group"] = "0" });

        if (made && result.ExitCode == 0)
        {
            Assert.NotEmpty(commands);
            AssertOneWord(commands, path);
        }
        else
        {
            AssertRefused(result, value, "path|does not exist");
        }
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_user_or_group_is_looked_up_as_one_argv_word_and_reported_missing(string name)
    {
        var account = HostileValues.All[name];

        var (result, commands) = await RunActivityAsync("accounts", new JsonObject { ["type"] = "CheckAccounts", ["id"] = "accounts", ["users"] = new JsonArray(account), ["groups"] = new JsonArray(account) });

        AssertRefused(result, account, "not exist on this host");
        AssertOneWord(commands, account);
        Assert.All(commands, c => Assert.Equal("getent", c[0]));
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_owner_is_refused_before_anything_is_chowned(string name)
    {
        var owner = HostileValues.All[name];
        var path = sandbox.PathOf("owned");
        Directory.CreateDirectory(path);

        var (result, commands) = await RunActivityAsync("own", new JsonObject { ["type"] = "EnsureOwnership", ["id"] = "own", ["path"] = path, ["owner"] = owner });

        AssertRefused(result, owner, "does not exist");
        Assert.DoesNotContain(commands, c => c[0] == "chown");
        AssertOneWord(commands, owner);
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_service_unit_is_refused_or_asked_about_as_one_argv_word(string name)
    {
        var unit = HostileValues.All[name];

        var (result, commands) = await RunActivityAsync("stop", new JsonObject { ["type"] = "StopServices", ["id"] = "stop", ["units"] = new JsonArray(unit), ["timeoutSeconds"] = 5 });

        if (result.ExitCode == 0)
        {
            // Not a running unit, so nothing was stopped: only `systemctl is-active --quiet UNIT` ran.
            Assert.NotEmpty(commands);
            Assert.All(commands, c => Assert.Equal(["systemctl", "is-active", "--quiet", unit], c));
        }
        else
        {
            AssertRefused(result, unit, "systemd unit");
            Assert.Empty(commands);
        }
    }

    [Theory]
    [MemberData(nameof(HostileValues.Names), MemberType = typeof(HostileValues))]
    public async Task A_hostile_dataset_name_is_refused_by_DatasetStatus_before_zfs_runs(string name)
    {
        var dataset = "tank/" + HostileValues.All[name];

        var (result, commands) = await RunActivityAsync("status", new JsonObject { ["type"] = "DatasetStatus", ["id"] = "status", ["datasets"] = new JsonArray(dataset) });

        AssertRefused(result, dataset, "is not a valid ZFS dataset name");
        Assert.Empty(commands);
    }

    public void Dispose()
    {
        Assert.Empty(HostileValues.MarkersLeft());
        sandbox.Dispose();
    }

    private static string[] PreflightInputs(string pool, string datasets) =>
    [
        "--input", $"pool={pool}",
        "--input", "poolProperties={}",
        "--input", "filesystemProperties={}",
        "--input", $"datasets={datasets}",
        "--input", "ownership=[]",
    ];

    /// <summary>Runs a definition of one activity for real, and returns how it ended and the argv of every command it ran.</summary>
    private async Task<(ProcessResult Result, List<string[]> Commands)> RunActivityAsync(string id, JsonObject activity)
    {
        var file = sandbox.PathOf($"{id}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonObject { ["name"] = "hostile-" + id, ["root"] = activity }.ToJsonString());

        var result = await sandbox.RunAsync(["run", file]);

        var instanceId = result.StdoutLines.FirstOrDefault()?.Trim();
        Assert.True(instanceId is { Length: > 0 } && !instanceId.Contains(' ', StringComparison.Ordinal), $"run prints the instance id first\n{result}");
        var shown = await sandbox.ShowAsync(instanceId!);
        var commands = shown["commands"]!.AsArray()
            .Select(c => c!["argv"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray())
            .ToList();
        Assert.DoesNotContain(commands, c => ShellNames.Contains(Path.GetFileName(c[0])));
        return (result, commands);
    }

    private static readonly HashSet<string> ShellNames = new(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "busybox", "env" };

    /// <summary>Refused: exit 1 or 2, the value named (as shown, control characters escaped), no stack trace.</summary>
    private static void AssertRefused(ProcessResult result, string value, string reason, bool dryRun = false)
    {
        Assert.True(result.ExitCode is 1 or 2, $"expected a refusal (exit 1 or 2)\n{result}");
        Assert.True(reason.Split('|').Any(r => result.StandardError.Contains(r, StringComparison.Ordinal)), $"expected the reason '{reason}'\n{result}");
        var shown = HostileValues.Shown(value);
        Assert.True(
            result.StandardError.Contains(shown.Length <= 200 ? shown : shown[..200], StringComparison.Ordinal),
            $"the message should name the value {shown[..Math.Min(shown.Length, 60)]}\n{result}");
        AssertNoStackTrace(result);

        // A dry run journals nothing: telling the operator to retry or show its instance would send them nowhere.
        if (dryRun)
        {
            Assert.DoesNotContain("messier retry", result.StandardError, StringComparison.Ordinal);
        }
    }

    private static void AssertNoStackTrace(ProcessResult result)
    {
        var output = result.StandardOutput + result.StandardError;
        Assert.False(StackFrame().IsMatch(output), $"a stack trace was printed\n{result}");
        Assert.DoesNotContain("unexpected error", output, StringComparison.Ordinal);
    }

    /// <summary>Every argv word that holds the value is the value itself (or the path), never a piece of it or more.</summary>
    private static void AssertOneWord(List<string[]> commands, string word)
    {
        foreach (var argv in commands)
        {
            foreach (var w in argv.Where(w => w.Contains(word, StringComparison.Ordinal) || (word.Length > 3 && word.Contains(w, StringComparison.Ordinal) && w.Length > 3 && !w.StartsWith('-'))))
            {
                Assert.True(w == word || w == word + "/", $"the value reached a command split or joined: [{string.Join(", ", argv.Select(a => $"'{a}'"))}]");
            }
        }
    }

    private static bool TryCreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            return true;
        }
        catch (IOException)
        {
            // Too long for the filesystem (the 10,000-character value): the activity sees a path that does not exist.
            return false;
        }
    }

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
