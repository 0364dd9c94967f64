namespace HsGuard.Bench.Ingest;

/// <summary>
/// The collector's managed memory as its /metrics shows it (names as in the README's metrics
/// table), in bytes: the heap when the last GC ended (all generations, and gen2 with the large
/// object heap, where what lives long ends up), the heap after the last full GC (what survived it),
/// the memory the GC had committed, and the gen2 collections since the start. Null where the scrape
/// failed or lacked the series.
/// </summary>
internal sealed record CollectorMemory(double? HeapBytes, double? Gen2LohBytes, double? AfterFullGcBytes, double? CommittedBytes, double? Gen2Collections)
{
    public static readonly CollectorMemory Unknown = new(null, null, null, null, null);

    private static readonly string[] Generations = ["gen0", "gen1", "gen2", "loh", "poh"];

    public static CollectorMemory From(PrometheusText metrics)
    {
        double? Heap(string generation) => metrics.Value("dotnet_gc_last_collection_heap_size_bytes", "generation", generation);
        var sizes = Generations.Select(Heap).ToList();
        return new CollectorMemory(
            sizes.All(s => s is not null) ? sizes.Sum() : null,
            Heap("gen2") + Heap("loh"),
            metrics.Value("dotnet_gc_last_full_collection_heap_size_bytes"),
            metrics.Value("dotnet_gc_last_collection_memory_committed_size_bytes"),
            metrics.Value("dotnet_collection_count_total", "generation", "2"));
    }

    /// <summary>Each figure's smallest over <paramref name="readings"/> (unknown ones left out).</summary>
    public static CollectorMemory Min(IReadOnlyCollection<CollectorMemory> readings) => Combine(readings, Enumerable.Min);

    /// <summary>Each figure's largest over <paramref name="readings"/> (unknown ones left out).</summary>
    public static CollectorMemory Max(IReadOnlyCollection<CollectorMemory> readings) => Combine(readings, Enumerable.Max);

    private static CollectorMemory Combine(IReadOnlyCollection<CollectorMemory> readings, Func<IEnumerable<double>, double> pick)
    {
        double? Of(Func<CollectorMemory, double?> figure) =>
            readings.Select(figure).OfType<double>().ToList() is { Count: > 0 } known ? pick(known) : null;
        return new CollectorMemory(Of(m => m.HeapBytes), Of(m => m.Gen2LohBytes), Of(m => m.AfterFullGcBytes), Of(m => m.CommittedBytes),
            Of(m => m.Gen2Collections));
    }

    /// <summary>Two figures in MiB (min–max, first→last) for a table; "-" when neither is known.</summary>
    public static string MiB(double? from, double? to, string between) => from is null && to is null ? "-" : MiB(from) + between + MiB(to);

    /// <summary>Bytes as MiB for a table; "-" when unknown.</summary>
    public static string MiB(double? bytes) =>
        bytes is { } b ? (b / (1024 * 1024)).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
