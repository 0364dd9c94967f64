using System.Runtime.CompilerServices;
using HsGuard.Collector.Detection.Baseline;

namespace HsGuard.Collector.Tests.Detection;

public sealed class CompactWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Size_Is18Bytes()
    {
        Assert.Equal(18, Unsafe.SizeOf<CompactWindow>());
    }

    [Fact]
    public void RoundTrip_RandomWindows_WithinOnePart_in2048()
    {
        var random = new Random(5);
        for (int i = 0; i < 10_000; i++)
        {
            // Features over the ranges they take: CPU to 64 cores, up to thousands of processes.
            var window = new FeatureWindow(Start.AddMinutes(random.Next(0, 5_000_000)),
                (float)(random.NextDouble() * 6400), (float)(random.NextDouble() * 6400), (float)(random.NextDouble() * 5),
                (float)(random.NextDouble() * 5000), random.Next(0, 300), random.Next(0, 3000), random.Next(0, 64));

            var back = CompactWindow.From(window).ToWindow();

            Assert.Equal(window.Start, back.Start);
            for (int f = 0; f < BaselineFeatures.Count; f++)
            {
                Assert.True(Math.Abs(back[f] - window[f]) <= Math.Abs(window[f]) / 2048, $"{BaselineFeatures.Names[f]}: {window[f]} came back as {back[f]}");
            }
        }
    }

    [Fact]
    public void RoundTrip_WholeNumbersUpTo2048_Exact()
    {
        for (int n = 0; n <= 2048; n++)
        {
            var back = CompactWindow.From(new FeatureWindow(Start, n, n, 0, n, n, n, n)).ToWindow();

            Assert.Equal(new FeatureWindow(Start, n, n, 0, n, n, n, n), back);
        }
    }

    [Fact]
    public void RoundTrip_BeyondHalfsRange_LargestHalfNotInfinity()
    {
        var back = CompactWindow.From(new FeatureWindow(Start, 1e6f, 70_000, 0, 0, 0, 0, 0)).ToWindow();

        Assert.Equal(65504f, back.CpuMean);
        Assert.Equal(65504f, back.CpuMax);
    }

    [Fact]
    public void RoundTrip_StartWithinTheMinute_TheMinute()
    {
        var back = CompactWindow.From(new FeatureWindow(Start.AddSeconds(59), 1, 1, 0, 1, 1, 0, 0)).ToWindow();

        Assert.Equal(Start, back.Start);
    }
}
