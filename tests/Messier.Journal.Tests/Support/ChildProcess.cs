using System.Diagnostics;
using System.Globalization;
using Messier.Workflows.Leases;

namespace Messier.Journal.Tests.Support;

/// <summary>
/// This test assembly run as a program (<c>dotnet Messier.Journal.Tests.dll ...</c>): the other
/// process in cross-process tests, since threads of one process share SQLite's in-process locks.
/// </summary>
internal static class ChildProcess
{
    /// <summary><c>lease-race DB RUNNER COUNT GOFILE</c>: waits for GOFILE, then tries race-0..COUNT-1 in order and prints each one won.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["lease-race", var databasePath, var runnerId, var countText, var goFile])
        {
            await Console.Error.WriteLineAsync("usage: lease-race DB RUNNER COUNT GOFILE");
            return 2;
        }

        await using var journal = await SqliteWorkflowJournal.OpenAsync(databasePath, CancellationToken.None);
        var owner = new LeaseOwner("test-host", Environment.ProcessId, 0, runnerId);
        Console.WriteLine("ready");
        while (!File.Exists(goFile))
        {
            await Task.Delay(1);
        }

        for (var round = 0; round < int.Parse(countText, CultureInfo.InvariantCulture); round++)
        {
            var result = await journal.TryAcquireLeaseAsync($"race-{round}", owner, TimeSpan.FromMinutes(5), FakeLiveness.AllAlive, CancellationToken.None);
            if (result.Acquired)
            {
                Console.WriteLine($"won race-{round}");
            }
        }

        return 0;
    }

    /// <summary>Starts this assembly as a child process with <paramref name="arguments"/>, output redirected.</summary>
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
