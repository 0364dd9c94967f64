using HsGuard.Collector.Detection.Baseline;

namespace HsGuard.Collector.Tests.Detection;

public sealed class WindowHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static FeatureWindow Minute(int m) => new(Start.AddMinutes(m), m % 100, m % 100, 0.5f, 8, 3, 1, 0);

    [Theory]
    [InlineData(1440)]
    [InlineData(10_080)]
    public void Add_FullHistory_Under20BytesAWindow(int capacity)
    {
        // Everything filling it allocates, the steps it grew through included (a FeatureWindow kept
        // as such is 48 bytes).
        long before = GC.GetAllocatedBytesForCurrentThread();
        var history = new WindowHistory(capacity);
        for (int m = 0; m < capacity; m++)
        {
            history.Add(Minute(m));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(capacity, history.Count);
        Assert.True(allocated < 20.0 * capacity, $"{allocated} bytes for {capacity} windows: {(double)allocated / capacity:F1} B a window");
    }

    [Fact]
    public void Add_PastCapacity_KeepsTheNewestOldestFirst()
    {
        var history = new WindowHistory(100);

        for (int m = 0; m < 250; m++)
        {
            history.Add(Minute(m));
        }

        Assert.Equal(100, history.Count);
        Assert.Equal(Enumerable.Range(150, 100).Select(Minute), history);
        Assert.Equal(Minute(150), history[0]);
        Assert.Equal(Minute(249), history[99]);
    }
}
