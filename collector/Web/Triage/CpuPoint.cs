namespace HsGuard.Collector.Web.Triage;

/// <summary>One point of a CPU chart: when, percent of one core.</summary>
public readonly record struct CpuPoint(DateTimeOffset Time, float Cpu);
