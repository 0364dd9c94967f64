using Prometheus;

namespace HsGuard.Collector.Web;

/// <summary>
/// The runtime's memory and GC figures on /metrics, read when Prometheus scrapes: what a hostmaster
/// charts to tell the GC's budget from a leak. The process figures (working set, CPU, threads) and
/// the collection counts come from prometheus-net's <see cref="DotNetStats"/> under their usual
/// names; the heap's come from <see cref="GC.GetGCMemoryInfo()"/>, the source of the runtime's own
/// "System.Runtime" meter, named as its instruments are (dotnet.gc.last_collection.heap.size is
/// dotnet_gc_last_collection_heap_size_bytes). Not through prometheus-net's MeterAdapter: it exports
/// the meter's counters as gauges, under names without a unit, and keeps its instrument names in
/// static dictionaries shared by every adapter of the process (two collectors in one process: tests).
/// </summary>
internal static class RuntimeMemoryMetrics
{
    /// <summary>The runtime's names of <see cref="GCMemoryInfo.GenerationInfo"/>'s entries, in order.</summary>
    private static readonly string[] Generations = ["gen0", "gen1", "gen2", "loh", "poh"];

    public static void Register(CollectorRegistry registry)
    {
        DotNetStats.Register(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        var heap = factory.CreateGauge("dotnet_gc_last_collection_heap_size_bytes",
            "Managed heap size by generation (gen0, gen1, gen2, loh, poh) when the last GC ended, free space included.", "generation");
        var fragmentation = factory.CreateGauge("dotnet_gc_last_collection_heap_fragmentation_size_bytes",
            "Free space in the managed heap by generation when the last GC ended.", "generation");
        var committed = factory.CreateGauge("dotnet_gc_last_collection_memory_committed_size_bytes",
            "Memory the GC had committed when the last GC ended (heap, free space and the GC's own bookkeeping).");
        var afterFull = factory.CreateGauge("dotnet_gc_last_full_collection_heap_size_bytes",
            "Managed heap without its free space when the last gen2 GC (blocking or background) ended: what survived it. Rising from one full GC to the next is a leak; 0 before the first.");
        var pause = factory.CreateCounter("dotnet_gc_pause_time_seconds_total", "Time the GC has paused the process since it started.");
        var allocated = factory.CreateCounter("dotnet_gc_heap_total_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.");
        registry.AddBeforeCollectCallback(() =>
        {
            var last = GC.GetGCMemoryInfo(GCKind.Any);
            var sizes = last.GenerationInfo;
            for (int i = 0; i < Generations.Length && i < sizes.Length; i++)
            {
                heap.WithLabels(Generations[i]).Set(sizes[i].SizeAfterBytes);
                fragmentation.WithLabels(Generations[i]).Set(sizes[i].FragmentationAfterBytes);
            }
            committed.Set(last.TotalCommittedBytes);
            // The last gen2 GC is either kind's; Index numbers all GCs of the process (0: none yet).
            var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            var background = GC.GetGCMemoryInfo(GCKind.Background);
            var full = blocking.Index >= background.Index ? blocking : background;
            afterFull.Set(full.Index == 0 ? 0 : full.HeapSizeBytes - full.FragmentedBytes);
            pause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
            allocated.IncTo(GC.GetTotalAllocatedBytes(precise: false));
        });
    }
}
