namespace HsGuard.Bench.Ingest;

/// <summary>
/// What <c>ingest</c> runs: one run per entry of <c>Hosts</c>, each against a fresh collector.
/// <c>Rate</c> is batches a second per host, null for as fast as a window of <c>Window</c>
/// unacknowledged batches allows (at a fixed rate the window is the agent's buffer, bounded).
/// <c>SharedConnections</c> (plain text only) puts all hosts' calls on one channel and so on few
/// HTTP/2 connections. <c>Environment</c> is added to the collector's (HSGUARD_* configuration,
/// DOTNET_* runtime settings).
/// </summary>
internal sealed record IngestSettings(
    int[] Hosts, TimeSpan Duration, TimeSpan Warmup, double? Rate, int Window, bool Plaintext, bool SharedConnections,
    string TracePath, bool Rerecord, bool RecordOnly, TraceSettings Trace, string CollectorDll, int Port, int ConnectConcurrency,
    TimeSpan SampleInterval, TimeSpan ReportInterval, bool Markdown, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Names in the collector's server certificate; the hosts connect to 127.0.0.1.</summary>
    public static readonly string[] ServerNames = ["127.0.0.1", "localhost"];

    public string Transport => Plaintext ? (SharedConnections ? "plain, shared" : "plain") : "mTLS";

    public string RateText => Rate is { } rate ? rate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "unlimited";

    /// <summary>The name of simulated host <paramref name="index"/>: a valid host name, one per certificate.</summary>
    public static string HostName(int index) => "h" + index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + ".bench.hsguard";
}
