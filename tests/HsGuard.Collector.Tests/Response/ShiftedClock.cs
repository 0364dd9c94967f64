namespace HsGuard.Collector.Tests.Response;

/// <summary>The system clock, moved forward by what a test asks: the collector's idea of "now"
/// passes a command's time to live without the test waiting for it. Timers and timestamps stay
/// the system's.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
