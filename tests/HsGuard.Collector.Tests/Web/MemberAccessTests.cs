using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HsGuard.Collector.Tests.Web;

/// <summary>Members see their own member's incidents and users only, nothing of another member's,
/// and act on nothing; a monitor account reads /metrics only.</summary>
[Collection(WebCollection.Name)]
public sealed class MemberAccessTests(WebRig rig)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    private async Task<(long Own, long Other)> IncidentsAsync()
    {
        var own = await rig.StartMinerAsync("xyz00-web", 1500, cancel: _cancel);
        var other = await rig.StartMinerAsync("abc01-web", 1600, cancel: _cancel);
        return ((await rig.WaitForIncidentAsync(own.Pid, "suspended", _cancel)).GetProperty("id").GetInt64(),
            (await rig.WaitForIncidentAsync(other.Pid, "suspended", _cancel)).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task List_Member_OwnIncidentsOnly()
    {
        var (own, other) = await IncidentsAsync();
        using var client = rig.Client(WebRig.MemberToken);

        var list = (await client.GetFromJsonAsync<JsonElement>("/api/incidents?limit=1000", _cancel)).GetProperty("incidents").EnumerateArray().ToList();

        Assert.Contains(list, i => i.GetProperty("id").GetInt64() == own);
        Assert.DoesNotContain(list, i => i.GetProperty("id").GetInt64() == other);
        Assert.All(list, i => Assert.Equal("xyz00", i.GetProperty("member").GetString()));
        // Asking for the other member by name gives nothing either.
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/incidents?member=abc01", _cancel)).GetProperty("incidents").EnumerateArray());
    }

    [Fact]
    public async Task Show_MemberOtherMembersIncident_404LikeNoIncident()
    {
        var (own, other) = await IncidentsAsync();
        using var client = rig.Client(WebRig.MemberToken);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/incidents/{own}", _cancel)).StatusCode);
        var response = await client.GetAsync($"/api/incidents/{other}", _cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("abc01", await response.Content.ReadAsStringAsync(_cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Member_OwnNoticesOnlyNoHostmasterAddresses()
    {
        var (own, _) = await IncidentsAsync();
        await rig.Rig!.WaitForMailAsync(Notifications.NoticeRig.Hostmaster, 1, _cancel);
        using var client = rig.Client(WebRig.MemberToken);

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{own}", _cancel);

        Assert.All(detail.GetProperty("notices").EnumerateArray(),
            n => Assert.Equal(Notifications.NoticeRig.GermanMember, n.GetProperty("recipient").GetString()));
    }

    [Theory]
    [InlineData("resume")]
    [InlineData("kill")]
    [InlineData("false-positive")]
    [InlineData("notify")]
    [InlineData("close")]
    public async Task Act_MemberToken_403AndNothingDone(string act)
    {
        var (own, _) = await IncidentsAsync();
        using var client = rig.Client(WebRig.MemberToken);

        var response = await client.PostAsync($"/api/incidents/{own}/{act}", null, _cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var hostmaster = rig.Client(WebRig.HostmasterToken);
        var detail = await hostmaster.GetFromJsonAsync<JsonElement>($"/api/incidents/{own}", _cancel);
        Assert.Equal("suspended", detail.GetProperty("summary").GetProperty("status").GetString());
        Assert.DoesNotContain(detail.GetProperty("actions").EnumerateArray(), a => a.GetProperty("by").GetString() == WebRig.MemberName);
    }

    [Fact]
    public async Task Act_MemberSessionWithCsrfToken_403()
    {
        var (own, _) = await IncidentsAsync();
        using var session = await rig.LoginAsync(WebRig.MemberName, WebRig.MemberPassword, _cancel);

        var response = await session.PostAsync($"/api/incidents/{own}/close", _cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Allow_Member_403()
    {
        using var client = rig.Client(WebRig.MemberToken);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/allow", _cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/allow/1", _cancel)).StatusCode);
    }

    [Fact]
    public async Task Hosts_Member_OwnUsersOnly()
    {
        await IncidentsAsync();
        using var member = rig.Client(WebRig.MemberToken);
        using var hostmaster = rig.Client(WebRig.HostmasterToken);

        var all = (await hostmaster.GetFromJsonAsync<JsonElement>("/api/hosts", _cancel)).EnumerateArray().Single(h => h.GetProperty("name").GetString() == "web1");
        var mine = (await member.GetFromJsonAsync<JsonElement>("/api/hosts", _cancel)).EnumerateArray().Single(h => h.GetProperty("name").GetString() == "web1");

        Assert.Contains(all.GetProperty("users").EnumerateArray(), u => u.GetProperty("user").GetString() == "abc01-web");
        Assert.True(all.GetProperty("connected").GetBoolean());
        var users = mine.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("user").GetString()).ToList();
        Assert.Equal(["xyz00-web"], users);
    }

    [Fact]
    public async Task Metrics_MonitorYesMemberNo()
    {
        using var monitor = rig.Client(WebRig.MonitorToken);
        using var member = rig.Client(WebRig.MemberToken);

        Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync("/metrics", _cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/metrics", _cancel)).StatusCode);
        Assert.Empty((await monitor.GetFromJsonAsync<JsonElement>("/api/incidents", _cancel)).GetProperty("incidents").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await monitor.PostAsync("/api/incidents/1/close", null, _cancel)).StatusCode);
    }
}
