using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Messier.Commands;

/// <summary>
/// Finds and stops the processes a dead runner left behind. Every command messier runs carries
/// MESSIER_RUNNER=&lt;runner id&gt; in its environment, and its children inherit it (rsync's
/// receiver, say), so /proc/PID/environ names them even after they were reparented to init.
/// </summary>
internal static class LeftoverProcesses
{
    public static async Task<IReadOnlyList<string>> StopAsync(string variable, string runnerId, CancellationToken cancellationToken)
    {
        var marker = Encoding.UTF8.GetBytes($"{variable}={runnerId}");
        var found = new List<(int Pid, string Name)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environ = await File.ReadAllBytesAsync(Path.Combine(directory, "environ"), cancellationToken);
                if (Contains(environ, marker))
                {
                    found.Add((pid, (await File.ReadAllTextAsync(Path.Combine(directory, "comm"), cancellationToken)).Trim()));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or a kernel thread: not ours.
            }
        }

        foreach (var (pid, _) in found)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or TimeoutException)
            {
                // Ended by itself meanwhile, or a zombie its (dead) parent never reaped.
            }
        }

        return found.Select(p => $"{p.Name} (pid {p.Pid.ToString(CultureInfo.InvariantCulture)})").ToList();
    }

    /// <summary>Whether the NUL-separated environment holds exactly this NAME=VALUE entry.</summary>
    private static bool Contains(byte[] environ, byte[] entry)
    {
        var start = 0;
        for (var i = 0; i <= environ.Length; i++)
        {
            if (i == environ.Length || environ[i] == 0)
            {
                if (environ.AsSpan(start, i - start).SequenceEqual(entry))
                {
                    return true;
                }

                start = i + 1;
            }
        }

        return false;
    }
}
