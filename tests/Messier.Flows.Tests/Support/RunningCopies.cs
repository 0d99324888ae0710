using System.Diagnostics;

namespace Messier.Flows.Tests.Support;

/// <summary>Finds the rsync a flow is running, to interrupt a runner while it copies.</summary>
public static class RunningCopies
{
    /// <summary>The pid of an rsync whose command line names the service folder, if one runs.</summary>
    public static int? RsyncWriting(string service) => RsyncsWriting(service).Cast<int?>().FirstOrDefault();

    /// <summary>Every rsync process (a local copy forks a receiver and a generator) whose command line names the service folder.</summary>
    public static IReadOnlyList<int> RsyncsWriting(string service)
    {
        var found = new List<int>();
        foreach (var process in Process.GetProcessesByName("rsync"))
        {
            try
            {
                var commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
                if (commandLine.Contains(service + "/", StringComparison.Ordinal) && !commandLine.Contains("--dry-run", StringComparison.Ordinal))
                {
                    found.Add(process.Id);
                }
            }
            catch (IOException)
            {
                // It ended while we looked.
            }
            finally
            {
                process.Dispose();
            }
        }

        return found;
    }
}
