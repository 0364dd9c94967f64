using HsGuard.Collector.Hosting;
using HsGuard.Collector.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Tests.Security;

public sealed class TlsOptionsTests
{
    [Fact]
    public void EffectiveServerNames_NoneConfigured_MachineNameAndLoopback()
    {
        var names = Bind().EffectiveServerNames();

        Assert.Equal(["localhost", "127.0.0.1", "::1"], names.TakeLast(3));
    }

    [Fact]
    public void EffectiveServerNames_Configured_ReplaceTheDefaults()
    {
        var names = Bind(("Collector:Tls:ServerNames:0", "collector.example.org")).EffectiveServerNames();

        Assert.Equal(["collector.example.org"], names);
    }

    [Fact]
    public void Directory_Unset_PkiUnderTheStateDirectory()
    {
        Assert.Equal("/var/lib/hsguard/pki", Bind().ResolveDirectory("/var/lib/hsguard"));
    }

    [Theory]
    [InlineData("Collector:Tls:ServerNames:0", "bad_name", "Collector:Tls:ServerNames: 'bad_name'")]
    [InlineData("Collector:Tls:ServerNames:0", "collector example", "Collector:Tls:ServerNames: 'collector example'")]
    [InlineData("Collector:Tls:Directory", "relative/pki", "Collector:Tls:Directory 'relative/pki'")]
    [InlineData("Collector:Tls:ClientCertificateValidity", "3651.00:00:00", "ClientCertificateValidity")]
    public void Validate_WrongValue_MessageNamesTheKey(string key, string value, string expected)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Bind((key, value)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static TlsOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<CollectorOptions>();
        services.AddCollectorSecurity();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TlsOptions>>().Value;
    }
}
