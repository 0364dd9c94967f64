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

    [GeneratedRegex("# HELP hsguard_hosts_connected ")]
    private static partial Regex HelpLine();
}
