using Messier.Testing;

namespace Messier.Cli.Tests.Commands;

/// <summary>What an operator sees from each command: exit codes, messages, the journal's state.</summary>
public sealed class CliCommandTests : IDisposable
{
    private readonly MessierSandbox sandbox = new();

    [Fact]
    public async Task An_invalid_definition_is_refused_with_file_line_column_and_path_and_nothing_is_journaled()
    {
        var file = Write("bad.json", """
            {
              "name": "bad",
              "root": {
                "type": "Sequnce",
                "activities": []
              }
            }
            """);

        var result = await sandbox.RunAsync(["run", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:4:13: $.root.type: unknown activity type \"Sequnce\" (did you mean 'Sequence'?)", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(await sandbox.ListAsync());
    }

    [Fact]
    public async Task A_missing_required_input_is_bad_usage()
    {
        var result = await sandbox.RunAsync(["run", Path.Combine(RepositoryPaths.Samples, "durable-demo.json")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing required input 'out'", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_input_of_the_wrong_type_is_bad_usage()
    {
        var result = await sandbox.RunAsync(["run", Path.Combine(RepositoryPaths.Samples, "durable-demo.json"), "--input", "out=/tmp/x", "--input", "steps=many"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("input 'steps': expected integer, got 'many'", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_suspends_with_exit_3_and_approve_runs_the_rest()
    {
        var marker = sandbox.PathOf("approved");
        var file = Write("approve.json", $$$"""
            {"name":"needs-approval","root":{"type":"Sequence","activities":[
              {"type":"Approve","id":"ask","message":"Really touch the marker?"},
              {"type":"Run","id":"touch","argv":["touch","{{{marker}}}"]}]}}
            """);

        var run = await sandbox.RunAsync(["run", file]);
        Assert.Equal(3, run.ExitCode);
        Assert.False(File.Exists(marker));
        var id = run.StdoutLines[0];
        var suspended = Assert.Single(await sandbox.ListAsync("--status", "suspended"));
        Assert.Equal(id, suspended!["id"]!.GetValue<string>());
        var detail = await sandbox.ShowAsync(id);
        Assert.Equal("Really touch the marker?", detail["bookmarks"]![0]!["message"]!.GetValue<string>());

        var approve = await sandbox.RunAsync(["approve", id[..6]]);

        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.True(File.Exists(marker));
        Assert.Equal("finished", (await sandbox.ShowAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_command_faults_with_exit_1_and_retry_finishes_after_the_cause_is_fixed()
    {
        var needed = sandbox.PathOf("needed");
        var file = Write("check.json", $$$"""{"name":"check","root":{"type":"Run","id":"check","argv":["test","-e","{{{needed}}}"]}}""");

        var run = await sandbox.RunAsync(["run", file]);
        Assert.Equal(1, run.ExitCode);
        var id = run.StdoutLines[0];
        Assert.Contains("exited with 1", run.StandardError, StringComparison.Ordinal);
        var faulted = await sandbox.ShowAsync(id);
        Assert.Equal("faulted", faulted["status"]!.GetValue<string>());
        Assert.Equal("check", faulted["incidents"]![0]!["activityId"]!.GetValue<string>());
        var command = faulted["commands"]![0]!;
        Assert.Equal(["test", "-e", needed], command["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(1, command["exitCode"]!.GetValue<int>());

        await File.WriteAllTextAsync(needed, "here now");
        var retry = await sandbox.RunAsync(["retry", id]);

        Assert.True(retry.ExitCode == 0, retry.ToString());
        var finished = await sandbox.ShowAsync(id);
        Assert.Equal("finished", finished["status"]!.GetValue<string>());
        Assert.NotNull(finished["incidents"]![0]!["resolvedAt"]);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_changes_nothing_and_journals_nothing()
    {
        var target = sandbox.PathOf("would-be-created");
        var file = Write("plan.json", $$$"""{"name":"plan","root":{"type":"Run","id":"create","argv":["touch","{{{target}}}"]}}""");

        var result = await sandbox.RunAsync(["run", file, "--dry-run"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"create would run touch {target}", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.Empty(await sandbox.ListAsync());
    }

    [Fact]
    public async Task Cancel_stops_a_suspended_instance_for_good()
    {
        var file = Write("wait.json", """{"name":"wait","root":{"type":"Approve","message":"never"}}""");
        var id = (await sandbox.RunAsync(["run", file])).StdoutLines[0];

        var cancel = await sandbox.RunAsync(["cancel", id]);
        var approve = await sandbox.RunAsync(["approve", id]);

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal("cancelled", (await sandbox.ShowAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(2, approve.ExitCode);
        Assert.Contains("not waiting for an approval", approve.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Definitions_validate_reports_every_error_and_accepts_good_files()
    {
        var good = Path.Combine(RepositoryPaths.Samples, "durable-demo.json");
        var bad = Write("two-errors.json", """{"name":"Bad Name","root":{"type":"Log"}}""");

        var result = await sandbox.RunAsync(["definitions", "validate", good, bad]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{good}: valid (durable-demo", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("$.name: the name must be lower-case", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("activity type 'Log' needs 'message'", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_bad_usage()
    {
        var result = await sandbox.RunAsync(["instances", "list", "--colour"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--colour", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_journal_that_is_not_a_database_is_a_clear_error()
    {
        await File.WriteAllTextAsync(sandbox.JournalPath, "this is not a SQLite database, it is a shopping list\n".PadRight(8192, 'x'));

        var result = await sandbox.RunAsync(["instances", "list"]);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains(sandbox.JournalPath, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_explains_every_command()
    {
        var result = await sandbox.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "run", "resume", "instances", "approve", "cancel", "retry", "definitions" })
        {
            Assert.Contains($"  {command} ", result.StandardOutput, StringComparison.Ordinal);
        }
    }

    public void Dispose() => sandbox.Dispose();

    private string Write(string name, string json)
    {
        var path = sandbox.PathOf(name);
        File.WriteAllText(path, json);
        return path;
    }
}
