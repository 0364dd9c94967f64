namespace HsGuard.Collector.Web.Charts;

/// <summary>One point of a series: when, and the value (CPU in percent of one core).</summary>
public readonly record struct ChartPoint(DateTimeOffset Time, double Value);
