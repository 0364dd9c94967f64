using System.Collections.Concurrent;
using HsGuard.Collector.Cli;
using HsGuard.Collector.Security;
using HsGuard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HsGuard.Collector.Tests.Support;

/// <summary>
/// The real collector (CollectorApp on a free 127.0.0.1 port) with its state in a fresh directory,
/// so that its certificate authority is made at start, as on a first start. Records what it logs
/// and, for every request, the host <see cref="AgentIdentity"/> gives.
/// </summary>
internal sealed class CollectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CollectorServer(WebApplication app, TempDirectory directory, int port, int webPort, RecordingLoggerProvider log,
        ConcurrentQueue<string?> identities)
    {
        _app = app;
        Directory = directory;
        Port = port;
        WebPort = webPort;
        Log = log;
        Identities = identities;
    }

    public TempDirectory Directory { get; }

    public int Port { get; }

    /// <summary>The web UI's, API's and metrics' port (plain HTTP on 127.0.0.1 unless a setting says otherwise).</summary>
    public int WebPort { get; }

    public Uri WebUrl => new($"http://127.0.0.1:{WebPort}/");

    public RecordingLoggerProvider Log { get; }

    public ConcurrentQueue<string?> Identities { get; }

    public string PkiDirectory => Directory.Combine("state", "pki");

    public string CaFile => Path.Combine(PkiDirectory, "ca.crt");

    public CertificateAuthority Authority => _app.Services.GetRequiredService<CertificateAuthority>();

    public IServiceProvider Services => _app.Services;

    public static Task<CollectorServer> StartAsync(params (string Key, string Value)[] settings) => StartAsync(null, settings);

    /// <param name="overrides">Services that replace the collector's (a fake clock).</param>
    public static async Task<CollectorServer> StartAsync(Action<IServiceCollection>? overrides, params (string Key, string Value)[] settings)
    {
        var directory = new TempDirectory();
        // An explicit, empty configuration file: /etc/hsguard/collector.json of this machine stays out.
        string configFile = directory.Combine("collector.json");
        await File.WriteAllTextAsync(configFile, "{}");
        // A setting's own Listen (it comes later below, and wins) is the port the server has.
        int port = System.Net.IPEndPoint.TryParse(settings.LastOrDefault(s => s.Key == "Collector:Grpc:Listen").Value ?? "", out var grpc)
            ? grpc.Port
            : LoopbackPorts.Free();
        string webListen = settings.LastOrDefault(s => s.Key == "Collector:Web:Listen").Value ?? $"127.0.0.1:{LoopbackPorts.Free()}";
        var log = new RecordingLoggerProvider();
        var builder = CollectorCommands.CreateBuilder(new FileInfo(configFile), b => b.Logging.AddProvider(log),
            [new("Collector:StateDirectory", directory.Combine("state")), new("Collector:Grpc:Listen", $"127.0.0.1:{port}"),
                new("Collector:Web:Listen", webListen), .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))]);
        WebApplication? app = null;
        var identities = new ConcurrentQueue<string?>();
        try
        {
            // Building resolves Kestrel's options, which runs UseAgentTls: a refusal comes from here.
            app = CollectorApp.Build(builder, overrides);
            app.Use((context, next) =>
            {
                identities.Enqueue(AgentIdentity.HostOf(context));
                return next(context);
            });
            await app.StartAsync();
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            directory.Dispose();
            throw;
        }
        return new CollectorServer(app, directory, port, System.Net.IPEndPoint.TryParse(webListen, out var web) ? web.Port : 0, log, identities);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Dispose();
    }
}
