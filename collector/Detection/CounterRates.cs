namespace HsGuard.Collector.Detection;

/// <summary>A process's counters over the detection window: a second of the clock, and per second
/// of CPU it used (NaN where there is not enough to tell).</summary>
internal readonly record struct CounterRates(double Voluntary, double Involuntary, double IoBytes, double IoChars,
    double VoluntaryPerCpuSecond, double IoBytesPerCpuSecond, double IoCharsPerCpuSecond)
{
    public static readonly CounterRates None = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
