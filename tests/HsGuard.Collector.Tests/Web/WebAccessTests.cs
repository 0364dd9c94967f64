using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace HsGuard.Collector.Tests.Web;

/// <summary>Who gets in: nothing is readable without a login; logins by form (with the login
/// page's CSRF token) or by API token; health and the two ports kept apart.</summary>
[Collection(WebCollection.Name)]
public sealed class WebAccessTests(WebRig rig)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/incidents")]
    [InlineData("/api/incidents/1")]
    [InlineData("/api/hosts")]
    [InlineData("/api/rules")]
    [InlineData("/api/allow")]
    [InlineData("/metrics")]
    public async Task Get_WithoutLogin_401Problem(string path)
    {
        using var client = rig.Client();

        var response = await client.GetAsync(path, _cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(_cancel);
        Assert.Equal("Login required", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Post_ActWithoutLogin_401AndNothingDone()
    {
        using var client = rig.Client();

        var response = await client.PostAsync("/api/incidents/1/close", null, _cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_PageWithoutLogin_RedirectsToLogin()
    {
        using var client = rig.Client();

        var response = await client.GetAsync("/incidents", _cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{rig.Url}login?ReturnUrl=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownToken_401()
    {
        using var client = rig.Client("hsg_not-a-token");

        var response = await client.GetAsync("/api/incidents", _cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_RightPassword_SessionCookieReads()
    {
        using var session = await rig.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel);

        var cookie = session.Cookies.Single(c => c.Name == "hsguard");
        Assert.True(cookie.HttpOnly);
        var me = await session.RefreshCsrfAsync(_cancel);
        Assert.True(me.GetProperty("authenticated").GetBoolean());
        Assert.Equal(WebRig.HostmasterName, me.GetProperty("name").GetString());
        Assert.Equal("hostmaster", me.GetProperty("role").GetString());
        var hosts = await session.Client.GetAsync("/api/hosts", _cancel);
        Assert.Equal(HttpStatusCode.OK, hosts.StatusCode);
        Assert.True(hosts.Headers.CacheControl?.NoStore);
        Assert.Equal(["nosniff"], hosts.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task Login_WrongPassword_BackToLoginWithoutSession()
    {
        using var session = new BrowserSession(rig.Url);

        var response = await session.LoginAsync(WebRig.HostmasterName, "wrong", _cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?failed=1&returnUrl=%2F", response.Headers.Location?.ToString());
        Assert.DoesNotContain(session.Cookies, c => c.Name == "hsguard");
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Client.GetAsync("/api/incidents", _cancel)).StatusCode);
        Assert.Contains(rig.Server.Log.Entries, e => e.Message.Contains("Failed login for alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WrongCsrfToken_403AndNoSession()
    {
        using var session = new BrowserSession(rig.Url);

        var response = await session.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel, csrf: "forged");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(_cancel);
        Assert.Equal("Missing or wrong CSRF token", problem.GetProperty("title").GetString());
        Assert.DoesNotContain(session.Cookies, c => c.Name == "hsguard");
    }

    [Fact]
    public async Task Login_OffSiteReturnUrl_GoesHomeInstead()
    {
        using var session = new BrowserSession(rig.Url);
        await session.RefreshCsrfAsync(_cancel);

        var response = await session.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = WebRig.HostmasterName,
            ["password"] = WebRig.HostmasterPassword,
            ["returnUrl"] = "//evil.example/phish",
            ["__RequestVerificationToken"] = session.CsrfToken,
        }), _cancel);

        Assert.Equal("/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Logout_WithCsrfToken_SessionEnds()
    {
        using var session = await rig.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel);

        var response = await session.PostAsync("/logout", _cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Client.GetAsync("/api/incidents", _cancel)).StatusCode);
    }

    [Fact]
    public async Task Healthz_WithoutLogin_Healthy()
    {
        using var client = rig.Client();

        var response = await client.GetAsync("/healthz", _cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(_cancel));
    }

    [Fact]
    public async Task GrpcHealth_OnAgentPort_Serving()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{rig.Server.Port}");

        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: _cancel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task GrpcHealth_OnWebPort_NotServed()
    {
        using var channel = GrpcChannel.ForAddress(rig.Url);

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: _cancel).ResponseAsync);

        Assert.NotEqual(Grpc.Core.StatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task Api_OnAgentPort_NotServed()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rig.Server.Port}"), DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebRig.HostmasterToken);

        var response = await client.GetAsync("/api/incidents", _cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Api_UnknownEndpoint_404Problem()
    {
        using var client = rig.Client(WebRig.HostmasterToken);

        var response = await client.GetAsync("/api/nothing-here", _cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no API endpoint GET /api/nothing-here", await response.Content.ReadAsStringAsync(_cancel), StringComparison.Ordinal);
    }
}
