namespace Messier.Flows.Tests.Support;

/// <summary>Waits for something another process does.</summary>
public static class Poll
{
    /// <summary>Checks the condition every 50 ms until it holds (true) or the time runs out (false).</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
