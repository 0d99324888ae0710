using System.Diagnostics;

namespace Messier.Testing;

/// <summary>
/// Finds a command a flow started by a marker in its command line. The engine commits a step's
/// start before it runs the step's command, so a running command proves its step's start is in
/// the journal: a test that kills the runner then knows what the journal holds, where a fixed
/// delay only guesses it (and guesses wrong on a slow machine).
/// </summary>
public static class RunningCommands
{
    /// <summary>A marker no other command on the machine has: a sleep of 300.NNNNNN seconds.</summary>
    public static string UniqueSleepSeconds(int whole = 300) =>
        $"{whole}.{Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The pid of the running <paramref name="program"/> whose command line contains <paramref name="marker"/>.</summary>
    public static async Task<int> WaitForAsync(string program, string marker, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var process in Process.GetProcessesByName(program))
            {
                using (process)
                {
                    try
                    {
                        if (File.ReadAllText($"/proc/{process.Id}/cmdline").Contains(marker, StringComparison.Ordinal))
                        {
                            return process.Id;
                        }
                    }
                    catch (IOException)
                    {
                        // It exited between the listing and the read.
                    }
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no {program} with '{marker}' in its command line started");
    }
}
