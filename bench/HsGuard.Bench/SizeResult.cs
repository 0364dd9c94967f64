namespace HsGuard.Bench;

/// <summary>The three measurements at one host size, taken one after the other in the same state.
/// Costs per process are CPU (user+sys) per process per pass.</summary>
internal sealed record SizeResult(int Target, BenchLine AtFs, BenchLine KeepFd, BenchLine HsGuard)
{
    public int Processes => (int)HsGuard.Get("procs");

    public double AtFsMicrosPerProcess => AtFs.Get("cpu_ns_per_proc") / 1000;

    public double KeepFdMicrosPerProcess => KeepFd.Get("cpu_ns_per_proc") / 1000;

    public double HsGuardMicrosPerProcess => HsGuard.Get("cpu_ns_per_proc") / 1000;

    public double RatioToKeepFd => HsGuardMicrosPerProcess / KeepFdMicrosPerProcess;

    public double RatioToAtFs => HsGuardMicrosPerProcess / AtFsMicrosPerProcess;

    public double PercentOfCoreAt1Hz => HsGuard.Get("pct_core_at_1Hz");

    public double BytesPerPass => HsGuard.Get("alloc_bytes_per_pass");

    /// <summary>Bytes a pass allocates when no process was admitted in it.</summary>
    public double SteadyBytesPerPass => HsGuard.Get("steady_alloc_bytes_per_pass");

    public double SteadyBytesPerProcess => HsGuard.Get("steady_alloc_bytes_per_proc");

    public double PeakRssMiB => HsGuard.Get("rss_hwm_kb") / 1024;
}
