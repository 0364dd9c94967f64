using System.Globalization;
using System.Net.Http.Headers;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Web;
using HsGuard.Collector.Web.Accounts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// Reads the collector's /metrics on its web port (127.0.0.1, plain HTTP) with a monitor account's
/// API token, as a Prometheus server does. A failed scrape is a reading without managed-memory
/// figures, counted, never a failed run.
/// </summary>
internal sealed class CollectorMetricsClient : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _client;
    private int _failures;

    private CollectorMetricsClient(int webPort, string token)
    {
        // No proxy: the collector is on loopback, whatever http_proxy says.
        _handler = new SocketsHttpHandler { UseProxy = false };
        _client = new HttpClient(_handler, disposeHandler: false)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{webPort.ToString(CultureInfo.InvariantCulture)}/"),
            Timeout = TimeSpan.FromSeconds(5),
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Scrapes that failed so far; <see cref="LastError"/> says why the last one did.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public string? LastError { get; private set; }

    /// <summary>Writes the collector's accounts file (<paramref name="accountsFile"/>) with one monitor
    /// account, as <c>hsguard-collector account add bench --role monitor</c> and <c>account token bench</c>
    /// would, and returns a client with that account's new token.</summary>
    public static CollectorMetricsClient WithNewAccount(string accountsFile, string stateDirectory, int webPort)
    {
        var store = new AccountStore(Options.Create(new WebOptions { AccountsFile = accountsFile }),
            Options.Create(new CollectorOptions { StateDirectory = stateDirectory }), TimeProvider.System, NullLogger<AccountStore>.Instance);
        string token = Secrets.NewToken();
        store.Write([new Account("bench", AccountRole.Monitor, null, null, [Secrets.HashToken(token)])]);
        return new CollectorMetricsClient(webPort, token);
    }

    public async Task<CollectorMemory> ReadAsync()
    {
        try
        {
            string text = await _client.GetStringAsync(new Uri("metrics", UriKind.Relative));
            return CollectorMemory.From(PrometheusText.Parse(text));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _failures);
            LastError = e.Message;
            return CollectorMemory.Unknown;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }
}
