using System.Diagnostics;
using Messier.Testing;
using Microsoft.Data.Sqlite;

namespace Messier.Cli.Tests.Faults;

/// <summary>
/// Faults that must end as clear errors, never as hangs or stack traces: a service that does not
/// come back, a journal another process has locked, a journal on a read-only filesystem.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly MessierSandbox sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public async Task A_Docker_that_does_not_come_back_is_an_incident_with_its_error_not_a_hang()
    {
        var definition = sandbox.PathOf("start.json");
        File.WriteAllText(definition, """
            {"name":"start-docker","root":{"type":"StartServices","id":"start","timeoutSeconds":3,
              "commands":{"stop":["true"],"start":["true"],"isActive":["false"]}}}
            """);
        var clock = Stopwatch.StartNew();

        var result = await sandbox.RunAsync(["run", definition]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Contains("faulted", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("false", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        var id = result.StdoutLines[0];
        var incidents = (await sandbox.ShowAsync(id))["incidents"]!.AsArray();
        Assert.Contains("start", incidents.Single()!["activityId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_journal_another_process_holds_locked_is_a_clear_error_with_exit_6()
    {
        var definition = sandbox.PathOf("hello.json");
        File.WriteAllText(definition, """{"name":"hello","root":{"type":"Log","message":"hi"}}""");
        var first = await sandbox.RunAsync(["run", definition]);
        Assert.True(first.ExitCode == 0, first.ToString());

        await using (var locker = new SqliteConnection($"Data Source={sandbox.JournalPath}"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            var result = await sandbox.RunAsync(["run", definition], timeout: TimeSpan.FromMinutes(2));

            Assert.True(result.ExitCode == 6, result.ToString());
            Assert.Contains(sandbox.JournalPath, result.StandardError, StringComparison.Ordinal);
            Assert.Contains("locked", result.StandardError, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_journal_on_a_read_only_filesystem_is_a_clear_error_with_exit_6()
    {
        using var tmpfs = new TmpfsMount();
        var journal = Path.Combine(tmpfs.Path, "journal.db");
        var definition = sandbox.PathOf("hello.json");
        File.WriteAllText(definition, """{"name":"hello","root":{"type":"Log","message":"hi"}}""");
        sandbox.JournalPath = journal;
        var first = await sandbox.RunAsync(["run", definition]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Shell.Must("mount", "-o", "remount,ro", tmpfs.Path);

        var result = await sandbox.RunAsync(["run", definition]);

        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Contains(journal, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("read-only", result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }
}
