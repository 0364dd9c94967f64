using System.Globalization;

namespace HsGuard.Bench;

/// <summary>What one pass cost over one repetition of the measurement.</summary>
internal readonly record struct PassCost(
    int Processes,
    double WallMicrosPerPass,
    double CpuMicrosPerPass,
    double CpuNanosPerProcess,
    double BytesPerPass,
    double SteadyBytesPerPass,
    double StartedPerPass)
{
    /// <summary>Percent of one core when one pass runs every second: µs per pass / 1e6 * 100.</summary>
    public double PercentOfCoreAt1Hz => CpuMicrosPerPass / 1e4;

    /// <summary>Bytes a process in a pass that admitted none: what a pass allocates per process
    /// in the steady state.</summary>
    public double SteadyBytesPerProcess => SteadyBytesPerPass / Processes;

    /// <summary>Each field's median, taken on its own (as procfloor does).</summary>
    public static PassCost Median(PassCost[] costs) => new(
        (int)Median(costs, c => c.Processes),
        Median(costs, c => c.WallMicrosPerPass),
        Median(costs, c => c.CpuMicrosPerPass),
        Median(costs, c => c.CpuNanosPerProcess),
        Median(costs, c => c.BytesPerPass),
        Median(costs, c => c.SteadyBytesPerPass),
        Median(costs, c => c.StartedPerPass));

    /// <summary>procfloor's field names, then the allocation fields it has no use for.</summary>
    public string Format(string tag, int passes, int reps) => string.Create(CultureInfo.InvariantCulture,
        $"{tag} variant=hsguard procs={Processes} passes={passes} reps={reps} wall_us_per_pass={WallMicrosPerPass:F1} cpu_us_per_pass={CpuMicrosPerPass:F1} cpu_ns_per_proc={CpuNanosPerProcess:F0} pct_core_at_1Hz={PercentOfCoreAt1Hz:F4} alloc_bytes_per_pass={BytesPerPass:F1} steady_alloc_bytes_per_pass={SteadyBytesPerPass:F1} steady_alloc_bytes_per_proc={SteadyBytesPerProcess:F3} started_per_pass={StartedPerPass:F3}");

    private static double Median(PassCost[] costs, Func<PassCost, double> field)
    {
        double[] values = Array.ConvertAll(costs, c => field(c));
        Array.Sort(values);
        return values[values.Length / 2];
    }
}
