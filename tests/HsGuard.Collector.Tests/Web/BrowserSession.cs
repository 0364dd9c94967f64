using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace HsGuard.Collector.Tests.Web;

/// <summary>What a browser does with the web endpoint: keeps its cookies, fetches the CSRF token
/// from GET /api/session and posts the login form with it.</summary>
public sealed class BrowserSession : IDisposable
{
    private readonly CookieContainer _cookies = new();

    public BrowserSession(Uri url)
    {
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = _cookies }) { BaseAddress = url };
    }

    public HttpClient Client { get; }

    /// <summary>The session's CSRF token (for X-CSRF-Token).</summary>
    public string CsrfToken { get; private set; } = "";

    public CookieCollection Cookies => _cookies.GetAllCookies();

    public async Task<JsonElement> RefreshCsrfAsync(CancellationToken cancel)
    {
        var session = await Client.GetFromJsonAsync<JsonElement>("/api/session", cancel);
        CsrfToken = session.GetProperty("csrfToken").GetString()!;
        return session;
    }

    public async Task<HttpResponseMessage> LoginAsync(string name, string password, CancellationToken cancel, string? csrf = null)
    {
        await RefreshCsrfAsync(cancel);
        return await Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name,
            ["password"] = password,
            ["__RequestVerificationToken"] = csrf ?? CsrfToken,
        }), cancel);
    }

    /// <summary>POSTs to an act with the session's CSRF token (or <paramref name="csrf"/>; "" for none).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, CancellationToken cancel, string? csrf = null, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        string token = csrf ?? CsrfToken;
        if (token.Length > 0)
        {
            request.Headers.Add("X-CSRF-Token", token);
        }
        return Client.SendAsync(request, cancel);
    }

    public void Dispose() => Client.Dispose();
}
