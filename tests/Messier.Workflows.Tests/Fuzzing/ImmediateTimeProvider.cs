namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>
/// The real clock, except that every timer fires at once: a fuzzed retry policy may ask for a
/// hundred attempts a day apart, and the fuzzer must see where such a run ends, not wait for it.
/// </summary>
internal sealed class ImmediateTimeProvider : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ImmediateTimer(callback, state, dueTime);

    private sealed class ImmediateTimer : ITimer
    {
        private readonly TimerCallback callback;
        private readonly object? state;
        private int disposed;

        public ImmediateTimer(TimerCallback callback, object? state, TimeSpan dueTime)
        {
            this.callback = callback;
            this.state = state;
            Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan && Volatile.Read(ref disposed) == 0)
            {
                // Off the caller's thread, as a real timer fires: Task.Delay completes its task from here.
                ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
            }

            return true;
        }

        public void Dispose() => Interlocked.Exchange(ref disposed, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
