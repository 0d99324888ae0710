namespace Messier.Journal.Tests.Support;

/// <summary>A clock the test moves by hand, starting on a whole millisecond (the journal stores milliseconds).</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
