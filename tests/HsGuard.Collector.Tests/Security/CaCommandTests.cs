using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Security;

/// <summary><c>hsguard-collector ca</c> run as a program, its state in a fresh directory.</summary>
public sealed class CaCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _config;

    public CaCommandTests()
    {
        _config = _directory.Combine("collector.json");
        File.WriteAllText(_config, JsonSerializer.Serialize(new { Collector = new { StateDirectory = _directory.Combine("state") } }));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Ca_InitIssueListRevoke_RoundTrip()
    {
        string output = _directory.Combine("out");
        await AssertSucceedsAsync("init");

        var (_, issued, _) = await AssertSucceedsAsync("issue", "web1", "--out", output, "--days", "30");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "web1.key")));
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(output, "web1.crt"), Path.Combine(output, "web1.key"));
        Assert.Equal("CN=web1", certificate.Subject);
        Assert.Equal(File.ReadAllText(_directory.Combine("state", "pki", "ca.crt")), File.ReadAllText(Path.Combine(output, "ca.crt")));
        Assert.Contains(certificate.SerialNumber, issued, StringComparison.Ordinal);

        var listed = Assert.Single(await ListAsync());
        Assert.Equal((certificate.SerialNumber, "web1", "valid"), (listed.GetProperty("serial").GetString(), listed.GetProperty("host").GetString(), listed.GetProperty("status").GetString()));

        var (_, revoked, _) = await AssertSucceedsAsync("revoke", "web1");
        Assert.Contains(certificate.SerialNumber, revoked, StringComparison.Ordinal);
        listed = Assert.Single(await ListAsync());
        Assert.Equal("revoked", listed.GetProperty("status").GetString());
        Assert.True(listed.TryGetProperty("revoked_at", out _));
    }

    [Fact]
    public async Task Ca_InitTwice_SecondRefusedAndAuthorityKept()
    {
        await AssertSucceedsAsync("init");
        string before = File.ReadAllText(_directory.Combine("state", "pki", "ca.crt"));

        var (exit, _, error) = await CaAsync("init");

        Assert.Equal(1, exit);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(_directory.Combine("state", "pki", "ca.crt")));
    }

    [Fact]
    public async Task Ca_IssueBadHostName_UsageErrorAndNothingWritten()
    {
        var (exit, _, error) = await CaAsync("issue", "web_1;rm", "--out", _directory.Combine("out"));

        Assert.NotEqual(0, exit);
        Assert.Contains("'web_1;rm' is not a host name", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("out")));
    }

    [Fact]
    public async Task Ca_RevokeUnknownHost_Refused()
    {
        await AssertSucceedsAsync("init");

        var (exit, _, error) = await CaAsync("revoke", "web9");

        Assert.Equal(1, exit);
        Assert.Contains("no certificate was issued for host 'web9'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ca_RevokeNeitherHostNorSerial_UsageError()
    {
        var (exit, _, error) = await CaAsync("revoke");

        Assert.NotEqual(0, exit);
        Assert.Contains("name either a HOST or a --serial", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ca_ServerNameNotAName_ConfigurationError()
    {
        File.WriteAllText(_config, JsonSerializer.Serialize(new
        {
            Collector = new { StateDirectory = _directory.Combine("state"), Tls = new { ServerNames = new[] { "collector example" } } },
        }));

        var (exit, _, error) = await CaAsync("init");

        Assert.Equal(78, exit);
        Assert.Contains("Collector:Tls:ServerNames: 'collector example'", error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> CaAsync(params string[] args) =>
        HsGuardProgram.RunAsync(HsGuardProgram.Collector, ["ca", .. args, "--config", _config], cancel: TestContext.Current.CancellationToken);

    private async Task<(int ExitCode, string Output, string Error)> AssertSucceedsAsync(params string[] args)
    {
        var result = await CaAsync(args);
        Assert.True(result.ExitCode == 0, $"ca {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Error}");
        return result;
    }

    private async Task<List<JsonElement>> ListAsync()
    {
        var (_, output, _) = await AssertSucceedsAsync("list", "--json");
        using var document = JsonDocument.Parse(output);
        return [.. document.RootElement.GetProperty("certificates").EnumerateArray().Select(e => e.Clone())];
    }
}
