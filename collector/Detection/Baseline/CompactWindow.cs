using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HsGuard.Collector.Ingest;

namespace HsGuard.Collector.Detection.Baseline;

/// <summary>
/// A <see cref="FeatureWindow"/> as a user's history keeps it: 18 bytes instead of 48. The minute
/// it starts as minutes since 2020-01-01 (<see cref="TimeCode"/>'s epoch; windows start on the
/// minute), the features as <see cref="Half"/>: 11 significant bits, so a value comes back within
/// 1/2048 of itself (whole numbers up to 2048 exactly). Features are standardised against the
/// user's own spread, never below its floor (10 % CPU, 1 process...), so the error that adds is at
/// most value / (2048 × floor) spreads: under 0.1 for a user that keeps 20 cores busy, or 200
/// processes, all day long, and far less for everyone else. Values beyond Half's range keep its
/// largest (65,504) rather than turning infinite.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
internal readonly struct CompactWindow
{
    private const long MinuteMilliseconds = 60_000;

    private readonly uint _minute;
    private readonly Features _features;

    private CompactWindow(uint minute, Features features)
    {
        _minute = minute;
        _features = features;
    }

    public static CompactWindow From(FeatureWindow window)
    {
        long minutes = (window.Start.ToUnixTimeMilliseconds() - TimeCode.EpochMilliseconds) / MinuteMilliseconds;
        var features = default(Features);
        for (int f = 0; f < BaselineFeatures.Count; f++)
        {
            features[f] = (Half)Math.Clamp(window[f], (float)Half.MinValue, (float)Half.MaxValue);
        }
        return new CompactWindow((uint)Math.Clamp(minutes, 0, uint.MaxValue), features);
    }

    public FeatureWindow ToWindow() => new(
        DateTimeOffset.FromUnixTimeMilliseconds(TimeCode.EpochMilliseconds + (_minute * MinuteMilliseconds)),
        (float)_features[0], (float)_features[1], (float)_features[2], (float)_features[3],
        (float)_features[4], (float)_features[5], (float)_features[6]);

    [InlineArray(BaselineFeatures.Count)]
    private struct Features
    {
        private Half _first;
    }
}
