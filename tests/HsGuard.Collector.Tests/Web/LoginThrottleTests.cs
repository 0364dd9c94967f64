using System.Net;
using HsGuard.Collector.Tests.Support;
using HsGuard.Collector.Web.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Collector.Tests.Web;

/// <summary>Password guessing is cut short per client address: after ten failures within ten
/// minutes the address is refused (429, Retry-After) without a password check, even with the
/// right password, until its window has passed.</summary>
public sealed class LoginThrottleTests
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");

    [Fact]
    public void Refused_TenFailures_UntilTheWindowPasses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var throttle = new LoginThrottle(time);

        for (int i = 0; i < LoginThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed(Client);
        }
        Assert.Null(throttle.Refused(Client));
        throttle.Failed(Client);
        Assert.Equal(LoginThrottle.Window, throttle.Refused(Client));
        Assert.Null(throttle.Refused(IPAddress.Parse("192.0.2.8")));
        time.Advance(LoginThrottle.Window);
        Assert.Null(throttle.Refused(Client));
    }

    [Fact]
    public void Succeeded_AfterFailures_CountStartsAgain()
    {
        var throttle = new LoginThrottle(new FakeTimeProvider());
        for (int i = 0; i < LoginThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed(Client);
        }

        throttle.Succeeded(Client);
        throttle.Failed(Client);

        Assert.Null(throttle.Refused(Client));
    }

    [Fact]
    public async Task Login_TenWrongPasswords_RightOneRefusedToo()
    {
        using var accounts = new HsGuard.Testing.TempDirectory("hsguard-throttle-");
        await File.WriteAllTextAsync(accounts.Combine("accounts.yaml"), $"""
            accounts:
              - name: alice
                role: hostmaster
                password: "{Secrets.HashPassword("right-password")}"
            """, _cancel);
        await using var server = await CollectorServer.StartAsync(("Collector:Grpc:PlaintextOnLoopback", "true"),
            ("Collector:Web:AccountsFile", accounts.Combine("accounts.yaml")));
        using var session = new BrowserSession(server.WebUrl);

        for (int i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await session.LoginAsync("alice", "guess" + i, _cancel)).StatusCode);
        }
        var refused = await session.LoginAsync("alice", "right-password", _cancel);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(9));
        Assert.DoesNotContain(session.Cookies, c => c.Name == "hsguard");
    }
}
