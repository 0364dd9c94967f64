using System.Net;
using HsGuard.Agent;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Security;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Cli;

/// <summary>
/// This machine's agent inside the collector's process (<c>run --local-agent</c>): HsGuard on one
/// machine in one command. It is the real agent, streaming over the real gRPC endpoint, over
/// mutual TLS on loopback with a certificate the collector issues it (again when it comes close to
/// its end, or when the authority changed). The configuration's "Agent" section tunes it.
/// </summary>
internal static class LocalAgent
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public static IHost Build(WebApplication collector, IConfiguration configuration, Action<IHostApplicationBuilder> configureLogging)
    {
        var services = collector.Services;
        var grpc = services.GetRequiredService<IOptions<GrpcEndpointOptions>>().Value;
        string host = HostNames.IsValid(Environment.MachineName) ? Environment.MachineName : "localhost";
        var endpoint = grpc.EndPoint;
        var loopback = endpoint.Address.Equals(IPAddress.IPv6Any) || endpoint.Address.Equals(IPAddress.IPv6Loopback)
            ? IPAddress.IPv6Loopback
            : IPAddress.Loopback;
        string address = $"{(grpc.PlaintextOnLoopback ? "http" : "https")}://{new IPEndPoint(loopback, endpoint.Port)}";

        var settings = new Dictionary<string, string?>
        {
            ["Agent:Collector:Address"] = address,
            ["Agent:Collector:Host"] = host,
            ["Agent:Collector:PlaintextOnLoopback"] = grpc.PlaintextOnLoopback ? "true" : "false",
        };
        // The local agent's suspensions are kept with the rest of this collector's state, so that
        // two one-machine set-ups (or a test's) never take over each other's suspensions.
        string stateFileKey = HsGuard.Agent.Enforcement.EnforcementOptions.Section + ":StateFile";
        if (string.IsNullOrWhiteSpace(configuration[stateFileKey]))
        {
            settings[stateFileKey] = Path.Combine(services.GetRequiredService<IOptions<CollectorOptions>>().Value.StateDirectory,
                "local-agent", "agent-suspensions.json");
        }
        if (!grpc.PlaintextOnLoopback)
        {
            var files = EnsureCertificate(services, host);
            settings["Agent:Collector:CertificateFile"] = files.CertificateFile;
            settings["Agent:Collector:KeyFile"] = files.KeyFile;
            settings["Agent:Collector:CaFile"] = files.CaFile;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "hsguard-agent" });
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(settings);
        configureLogging(builder);
        // One process, one set of "Application started" lines: the collector's.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddAgentServices();
        builder.Services.AddAgentStreaming();
        return builder.Build();
    }

    private static AgentCertificateFiles EnsureCertificate(IServiceProvider services, string host)
    {
        var authority = services.GetRequiredService<CertificateAuthority>();
        var tls = services.GetRequiredService<IOptions<TlsOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        string directory = Path.Combine(services.GetRequiredService<IOptions<CollectorOptions>>().Value.StateDirectory, "local-agent");
        var existing = new AgentCertificateFiles(Path.Combine(directory, host + ".crt"), Path.Combine(directory, host + ".key"),
            Path.Combine(directory, "ca.crt"), "", default);
        if (File.Exists(existing.CertificateFile) && File.Exists(existing.KeyFile) && File.Exists(existing.CaFile)
            && File.ReadAllText(existing.CaFile) == File.ReadAllText(authority.CertificatePath))
        {
            using var current = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(existing.CertificateFile);
            if (current.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > RenewBefore)
            {
                return existing;
            }
        }
        return authority.IssueFiles(host, tls.ClientCertificateValidity, directory);
    }
}
