namespace HsGuard.Collector.Web.Charts;

/// <summary>A named line of a chart, its points oldest first. <paramref name="Emphasis"/> draws it
/// thicker and dashed (the user's total beside its processes).</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<ChartPoint> Points, bool Emphasis = false);
