using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HsGuard.Collector.Tests.Notifications;
using HsGuard.Collector.Tests.Support;
using HsGuard.Collector.Web.Accounts;
using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Web;

/// <summary>
/// The real collector with its web endpoint on a loopback port, fed by a hand-made agent over the
/// real gRPC stream (miners: kernel-thread names run from /tmp, suspended by the policy), a real
/// SMTP server for member notices, and an accounts file with a hostmaster, a member of xyz00 and a
/// monitor, each with a password and an API token. Shared by the web tests (started once); each
/// test makes its own incidents with its own pids, so that none depends on another's.
/// </summary>
public sealed class WebRig : IAsyncLifetime
{
    public const string HostmasterName = "alice";
    public const string HostmasterPassword = "alice-Passw0rd";
    public const string MemberName = "xyz-it";
    public const string MemberPassword = "xyz-Passw0rd";
    public static readonly string HostmasterToken = Secrets.NewToken();
    public static readonly string MemberToken = Secrets.NewToken();
    public static readonly string MonitorToken = Secrets.NewToken();

    private readonly TempDirectory _accounts = new("hsguard-web-");
    private int _nextPid = 20_000;

    internal NoticeRig? Rig { get; private set; }

    internal CollectorServer Server => Rig!.Server;

    internal HandAgent Agent => Rig!.Agent;

    public Uri Url => Server.WebUrl;

    public async ValueTask InitializeAsync()
    {
        string path = _accounts.Combine("accounts.yaml");
        await File.WriteAllTextAsync(path, $"""
            accounts:
              - name: {HostmasterName}
                role: hostmaster
                password: "{Secrets.HashPassword(HostmasterPassword)}"
                tokens: ["{Secrets.HashToken(HostmasterToken)}"]
              - name: {MemberName}
                role: member
                member: xyz00
                password: "{Secrets.HashPassword(MemberPassword)}"
                tokens: ["{Secrets.HashToken(MemberToken)}"]
              - name: prometheus
                role: monitor
                tokens: ["{Secrets.HashToken(MonitorToken)}"]
            """);
        Rig = await NoticeRig.StartAsync(
            ("Collector:Web:AccountsFile", path),
            // Every test suspends its own miners: no rate limit in the way.
            ("Collector:Response:PerHostActions", "10000"),
            ("Collector:Response:GlobalActions", "10000"));
        // Per-user totals too: the hosts page and the incidents' user CPU are made of them.
        Rig.Agent.SendUsers = true;
    }

    public async ValueTask DisposeAsync()
    {
        // Null when the start failed (InitializeAsync threw): nothing to stop then.
        if (Rig is { } rig)
        {
            await rig.DisposeAsync();
        }
        _accounts.Dispose();
    }

    /// <summary>A new miner's pid, unique within the rig.</summary>
    public int NextPid() => Interlocked.Increment(ref _nextPid);

    /// <summary>Starts a miner of <paramref name="user"/> (run from <paramref name="exe"/>) and waits
    /// for the collector to apply its batch.</summary>
    internal async Task<ProcessSample> StartMinerAsync(string user = "xyz00-web", uint uid = 1500, string? exe = null, CancellationToken cancel = default)
    {
        var miner = HandAgent.Miner(NextPid(), user, uid);
        if (exe is not null)
        {
            miner.Exe = exe;
        }
        int before = Agent.AckedMiners;
        await Agent.AddMinerAsync(miner);
        await Eventually.HoldsAsync(() => Agent.AckedMiners > before, $"the batch with miner {miner.Pid} acknowledged", TimeSpan.FromSeconds(20), cancel);
        return miner;
    }

    /// <summary>The incident whose offender is <paramref name="pid"/>, as the hostmaster's API lists it, once it reaches <paramref name="status"/>.</summary>
    public async Task<JsonElement> WaitForIncidentAsync(int pid, string status, CancellationToken cancel)
    {
        using var client = Client(HostmasterToken);
        JsonElement? found = null;
        int listed = 0;
        await Eventually.HoldsAsync(() =>
        {
            var list = client.GetFromJsonAsync<JsonElement>("/api/incidents?limit=1000", cancel).GetAwaiter().GetResult().GetProperty("incidents");
            listed = list.GetArrayLength();
            found = list.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(i => i!.Value.GetProperty("offenderPid").GetInt32() == pid);
            return found is { } f && f.GetProperty("status").GetString() == status;
        }, $"an incident about pid {pid} with status {status} (last seen: {found?.ToString() ?? $"none among {listed}"})", TimeSpan.FromSeconds(20), cancel);
        return found!.Value;
    }

    /// <summary>A client of the web endpoint, with an API token when given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Url };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>A browser-like session: cookies kept, logged in through the form with the login
    /// CSRF token, then holding the session's CSRF token for its acts.</summary>
    public async Task<BrowserSession> LoginAsync(string name, string password, CancellationToken cancel)
    {
        var session = new BrowserSession(Url);
        var response = await session.LoginAsync(name, password, cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
        await session.RefreshCsrfAsync(cancel);
        return session;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebRig>
{
    public const string Name = "web";
}
