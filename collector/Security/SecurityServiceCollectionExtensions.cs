using HsGuard.Collector.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>The certificate authority (in Collector:Tls:Directory, else the state directory's
    /// pki/) and the validator of agents' certificates, with <see cref="TlsOptions"/> bound and
    /// validated at start. Needs <see cref="CollectorOptions"/> registered.</summary>
    public static IServiceCollection AddCollectorSecurity(this IServiceCollection services)
    {
        services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CertificateAuthority(
            sp.GetRequiredService<IOptions<TlsOptions>>().Value.ResolveDirectory(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.StateDirectory),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AgentCertificateValidator>();
        return services;
    }
}
