using HsGuard.Agent;
using HsGuard.Agent.Streaming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HsGuard.Collector.Tests.Support;

/// <summary>The real agent service (sampler, batch buffer, streamer) hosted in the test process,
/// configured by key and value as its configuration file would.</summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly IHost _host;

    private AgentHost(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public CollectorStreamer Streamer => _host.Services.GetRequiredService<CollectorStreamer>();

    public BatchBuffer Buffer => _host.Services.GetRequiredService<BatchBuffer>();

    public static async Task<AgentHost> StartAsync(ILoggerProvider log, params KeyValuePair<string, string?>[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "hsguard-agent" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(log);
        builder.Services.AddAgentServices();
        builder.Services.AddAgentStreaming();
        var host = builder.Build();
        await host.StartAsync();
        return new AgentHost(host);
    }

    public static KeyValuePair<string, string?>[] Connection(CollectorConnectionOptions options) =>
    [
        new("Agent:Collector:Address", options.Address),
        new("Agent:Collector:Host", options.Host),
        new("Agent:Collector:CertificateFile", options.CertificateFile),
        new("Agent:Collector:KeyFile", options.KeyFile),
        new("Agent:Collector:CaFile", options.CaFile),
    ];

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
