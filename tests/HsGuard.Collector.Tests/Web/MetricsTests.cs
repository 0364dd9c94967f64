using System.Globalization;
using System.Text.RegularExpressions;

namespace HsGuard.Collector.Tests.Web;

/// <summary>/metrics in Prometheus' text format, read with a monitor account's token, counting what
/// really happened: the hand agent connected, its samples, the suspended miner, the policy's actions.</summary>
[Collection(WebCollection.Name)]
public sealed partial class MetricsTests(WebRig rig)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    private async Task<string> ScrapeAsync()
    {
        using var client = rig.Client(WebRig.MonitorToken);
        return await client.GetStringAsync("/metrics", _cancel);
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"no series {series} in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_AfterAMiner_HostsSamplesIncidentsActionsBacklog()
    {
        string before = await ScrapeAsync();
        var miner = await rig.StartMinerAsync(cancel: _cancel);
        await rig.WaitForIncidentAsync(miner.Pid, "suspended", _cancel);

        string text = await ScrapeAsync();

        Assert.Equal(1, Value(text, "hsguard_hosts_connected"));
        Assert.True(Value(text, "hsguard_samples_ingested_total") > Value(before, "hsguard_samples_ingested_total"));
        Assert.True(Value(text, "hsguard_incidents{verdict=\"suspend\",state=\"open\"}") >= 1);
        Assert.True(Value(text, "hsguard_actions_total{kind=\"suspend\",by=\"policy\"}")
            > (before.Contains("kind=\"suspend\"", StringComparison.Ordinal) ? Value(before, "hsguard_actions_total{kind=\"suspend\",by=\"policy\"}") : 0));
        Assert.True(Value(text, "hsguard_notifications{status=\"pending\"}") >= 0);
        Assert.Matches(HelpLine(), text);
    }

    [Fact]
    public async Task Metrics_AfterAFullCollection_HeapByGenerationBelowWorkingSet()
    {
        string before = await ScrapeAsync();
        // The collector runs in this process: 4 MiB held through two full, compacting collections are
        // in gen2 after them (one is not enough: a first collection may leave its survivors in gen1).
        byte[][] held = [.. Enumerable.Range(0, 4096).Select(_ => new byte[1024])];
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        string text = await ScrapeAsync();
        GC.KeepAlive(held);

        string[] generations = ["gen0", "gen1", "gen2", "loh", "poh"];
        double heap = generations.Sum(g => Value(text, $"dotnet_gc_last_collection_heap_size_bytes{{generation=\"{g}\"}}"));
        double gen2 = Value(text, "dotnet_gc_last_collection_heap_size_bytes{generation=\"gen2\"}");
        double workingSet = Value(text, "process_working_set_bytes");
        Assert.True(gen2 > 4 << 20, $"gen2 {gen2} B");
        Assert.True(workingSet > heap, $"working set {workingSet} B, heap {heap} B");
        Assert.True(Value(text, "dotnet_gc_last_collection_memory_committed_size_bytes") >= gen2);
        Assert.InRange(Value(text, "dotnet_gc_last_full_collection_heap_size_bytes"), 4 << 20, workingSet);
        Assert.True(Value(text, "dotnet_gc_last_collection_heap_fragmentation_size_bytes{generation=\"gen2\"}") >= 0);
        Assert.True(Value(text, "dotnet_collection_count_total{generation=\"2\"}") > Value(before, "dotnet_collection_count_total{generation=\"2\"}"));
        Assert.True(Value(text, "dotnet_gc_pause_time_seconds_total") > 0);
        Assert.True(Value(text, "dotnet_gc_heap_total_allocated_bytes_total") > heap);
    }

    [GeneratedRegex("# HELP hsguard_hosts_connected ")]
    private static partial Regex HelpLine();
}
