using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using HsGuard.Collector.Tests.Support;
using HsGuard.Collector.Web.Accounts;

namespace HsGuard.Collector.Tests.Web;

/// <summary>The web endpoint with Https: the collector's server certificate (from its own
/// authority), HTTP/2 by ALPN, and no client certificate asked of people.</summary>
public sealed class WebHttpsTests
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Https_ServerCertificateOfTheAuthority_Http2WithoutClientCertificate()
    {
        string token = Secrets.NewToken();
        using var accounts = new HsGuard.Testing.TempDirectory("hsguard-https-");
        await File.WriteAllTextAsync(accounts.Combine("accounts.yaml"), $"""
            accounts:
              - name: alice
                role: hostmaster
                tokens: ["{Secrets.HashToken(token)}"]
            """, _cancel);
        await using var server = await CollectorServer.StartAsync(("Collector:Web:Https", "true"),
            ("Collector:Web:AccountsFile", accounts.Combine("accounts.yaml")));
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(server.CaFile, _cancel));
        string? subject = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    subject = certificate?.Subject;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                        && chain.Build(new X509Certificate2(certificate!));
                },
            },
        };
        using var client = new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{server.WebPort}/"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/rules", _cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.NotNull(subject);
    }
}
