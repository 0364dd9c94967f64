using System.Net;
using System.Text.RegularExpressions;

namespace HsGuard.Collector.Tests.Web.Browser;

/// <summary>The web UI's pages as plain HTTP sees them, on the same real collector as the browser
/// tests: the login they need, the headers they carry, the built-in style sheet, and forms refused
/// without their CSRF token.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WebUiHttpTests(WebUiRig rig)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    private HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(rig.BaseUrl),
        };

    [Theory]
    [InlineData("/incidents")]
    [InlineData("/incidents/1")]
    [InlineData("/hosts")]
    [InlineData("/rules")]
    public async Task Page_WithoutLogin_RedirectedToLogin(string path)
    {
        using var client = Client();

        using var response = await client.GetAsync(path, _cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(rig.BaseUrl + "/login?ReturnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_Headers_NoScriptNoFramingNoCache()
    {
        using var client = Client();

        using var response = await client.GetAsync("/login", _cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        string html = await response.Content.ReadAsStringAsync(_cancel);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ForeignUrl(), html);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StyleSheet_BuiltIn_ServedWithETagThenNotModified()
    {
        using var client = Client();

        using var first = await client.GetAsync("/static/hsguard.css", _cancel);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/css", first.Content.Headers.ContentType!.MediaType);
        string css = await first.Content.ReadAsStringAsync(_cancel);
        Assert.Contains("font-family: system-ui", css, StringComparison.Ordinal);
        Assert.DoesNotMatch(ForeignUrl(), css);
        Assert.DoesNotContain("@import", css, StringComparison.Ordinal);
        Assert.DoesNotContain("@font-face", css, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/static/hsguard.css");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(again, _cancel);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);

        using var missing = await client.GetAsync("/static/nothing.css", _cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task IncidentAction_WithoutCsrfToken_RefusedAndNothingDone()
    {
        var cookies = new CookieContainer();
        using var client = Client(cookies);
        await LoginAsync(client);

        using var response = await client.PostAsync("/incidents/1?handler=Close", new FormUrlEncodedContent([new("reason", "forged")]), _cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var page = await client.GetAsync("/incidents/1", _cancel);
        Assert.DoesNotContain("forged", await page.Content.ReadAsStringAsync(_cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentsPage_BadFilter_ClearErrorAnd400()
    {
        using var client = Client();
        await LoginAsync(client);

        using var response = await client.GetAsync("/incidents?severity=LOUD&status=sleeping", _cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(_cancel));
        Assert.Contains("'LOUD' is not a severity", html, StringComparison.Ordinal);
        Assert.Contains("'sleeping' is not a status", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentPage_UnknownId_NotFound()
    {
        using var client = Client();
        await LoginAsync(client);

        using var response = await client.GetAsync("/incidents/987654321", _cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Logs in through the login page's form, its token included.</summary>
    private async Task LoginAsync(HttpClient client)
    {
        string form = await client.GetStringAsync("/login", _cancel);
        string token = Token().Match(form).Groups[1].Value;
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("name", WebUiRig.Hostmaster), new("password", rig.HostmasterPassword),
            new("returnUrl", "/incidents"),
        ]), _cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/incidents", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>A URL of another site (http, https or protocol-relative).</summary>
    [GeneratedRegex("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignUrl();
}
