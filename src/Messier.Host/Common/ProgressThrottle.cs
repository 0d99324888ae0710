using System.Diagnostics;

namespace Messier.Host.Common;

/// <summary>
/// Passes a long command's progress lines on at a readable rate: the first at once, then at most
/// one per interval. rsync --info=progress2 rewrites its line many times a second, and every
/// line would otherwise become a console line.
/// </summary>
internal sealed class ProgressThrottle
{
    private readonly Action<string> report;
    private readonly TimeSpan interval;
    private readonly Lock gate = new();
    private readonly Stopwatch clock = new();

    public ProgressThrottle(Action<string> report, TimeSpan? interval = null)
    {
        this.report = report;
        this.interval = interval ?? TimeSpan.FromSeconds(2);
    }

    public void Offer(string message)
    {
        lock (gate)
        {
            if (clock.IsRunning && clock.Elapsed < interval)
            {
                return;
            }

            clock.Restart();
        }

        report(message);
    }
}
