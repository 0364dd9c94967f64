using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HsGuard.Collector.Tests.Notifications;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Tests.Web;

/// <summary>
/// The incidents API against a real collector: incidents made by real detection from miners sent
/// over the real gRPC stream, read and acted on over HTTP, every act recorded with who did it and
/// carried out (commands reach the agent, allow entries change what detection flags, notices
/// reach the SMTP server again).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class IncidentApiTests(WebRig rig)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    private HttpClient Hostmaster() => rig.Client(WebRig.HostmasterToken);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode} {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<(ProcessSample Miner, long Id)> SuspendedIncidentAsync(string user = "xyz00-web", uint uid = 1500, string? exe = null)
    {
        var miner = await rig.StartMinerAsync(user, uid, exe, _cancel);
        var incident = await rig.WaitForIncidentAsync(miner.Pid, "suspended", _cancel);
        return (miner, incident.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task List_Miner_OpenIncidentWithMemberAndRules()
    {
        var (miner, id) = await SuspendedIncidentAsync();
        using var client = Hostmaster();

        var list = (await client.GetFromJsonAsync<JsonElement>("/api/incidents?host=web1&user=xyz00-web&status=open&severity=WARNING", _cancel))
            .GetProperty("incidents");

        var incident = list.EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id);
        Assert.Equal("web1", incident.GetProperty("host").GetString());
        Assert.Equal("xyz00", incident.GetProperty("member").GetString());
        Assert.Equal("suspend", incident.GetProperty("verdict").GetString());
        Assert.True(incident.GetProperty("isOpen").GetBoolean());
        Assert.Equal("kthreaddi", incident.GetProperty("offenderComm").GetString());
        Assert.Contains(incident.GetProperty("rules").EnumerateArray(), r => r.GetString()!.Length > 0);
        Assert.All(list.EnumerateArray(), i => Assert.Equal("xyz00-web", i.GetProperty("user").GetString()));
        var other = (await client.GetFromJsonAsync<JsonElement>("/api/incidents?member=abc01", _cancel)).GetProperty("incidents");
        Assert.DoesNotContain(other.EnumerateArray(), i => i.GetProperty("id").GetInt64() == id);
        var closed = (await client.GetFromJsonAsync<JsonElement>("/api/incidents?status=closed", _cancel)).GetProperty("incidents");
        Assert.DoesNotContain(closed.EnumerateArray(), i => i.GetProperty("id").GetInt64() == id);
        Assert.Equal(miner.Pid, incident.GetProperty("offenderPid").GetInt32());
    }

    [Fact]
    public async Task List_ClosedAndOpen_NewestFirst()
    {
        var (_, closedId) = await SuspendedIncidentAsync();
        var (_, openId) = await SuspendedIncidentAsync();
        using var client = Hostmaster();
        await JsonAsync(await client.PostAsync($"/api/incidents/{closedId}/close", null, _cancel), HttpStatusCode.OK);

        var ids = (await client.GetFromJsonAsync<JsonElement>("/api/incidents?limit=1000", _cancel)).GetProperty("incidents").EnumerateArray()
            .Select(i => i.GetProperty("id").GetInt64()).ToList();

        Assert.True(ids.IndexOf(openId) < ids.IndexOf(closedId));
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Theory]
    [InlineData("severity=LOUD", "severity")]
    [InlineData("status=sleeping", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("before=abc", "before")]
    [InlineData("before=0", "before")]
    [InlineData("before=-3", "before")]
    [InlineData("after=1.5", "after")]
    [InlineData("before=9&after=3", "before")]
    public async Task List_BadFilter_400NamesTheParameter(string query, string parameter)
    {
        using var client = Hostmaster();

        var problem = await JsonAsync(await client.GetAsync("/api/incidents?" + query, _cancel), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task Show_Miner_SignalsTreeCpuActionsAndNotices()
    {
        var (miner, id) = await SuspendedIncidentAsync();
        await rig.Rig!.WaitForMailAsync(NoticeRig.GermanMember, 1, _cancel);
        using var client = Hostmaster();

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}", _cancel);

        Assert.Equal(id, detail.GetProperty("summary").GetProperty("id").GetInt64());
        var signals = detail.GetProperty("signals").EnumerateArray().ToList();
        Assert.NotEmpty(signals);
        Assert.All(signals, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("output").GetString())));
        Assert.All(signals, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("description").GetString())));
        var process = detail.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == miner.Pid);
        Assert.Equal("/tmp/.x/kthreaddi", process.GetProperty("exe").GetString());
        Assert.Equal("kthreaddi", process.GetProperty("commandLine").GetString());
        Assert.True(process.GetProperty("offender").GetBoolean());
        Assert.Contains(process.GetProperty("cpu").EnumerateArray(), p => p.GetProperty("cpu").GetSingle() == 190);
        Assert.NotEmpty(detail.GetProperty("userCpu").EnumerateArray());
        Assert.Equal(JsonValueKind.Number, detail.GetProperty("baselineScore").ValueKind);
        var actions = detail.GetProperty("actions").EnumerateArray().ToList();
        Assert.Contains(actions, a => a.GetProperty("kind").GetString() == "decision" && a.GetProperty("by").GetString() == "policy");
        var suspend = actions.Single(a => a.GetProperty("kind").GetString() == "suspend");
        Assert.Equal("done", suspend.GetProperty("status").GetString());
        Assert.Contains(detail.GetProperty("notices").EnumerateArray(), n => n.GetProperty("recipient").GetString() == NoticeRig.GermanMember);
        Assert.True(detail.GetProperty("windowStart").GetDateTimeOffset() <= detail.GetProperty("summary").GetProperty("openedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Resume_Hostmaster_CommandReachesAgentAndRecordedWithWho()
    {
        var (miner, id) = await SuspendedIncidentAsync();
        using var client = Hostmaster();

        var answer = await JsonAsync(await client.PostAsync($"/api/incidents/{id}/resume", null, _cancel), HttpStatusCode.Accepted);

        Assert.Equal("resume", answer.GetProperty("action").GetProperty("kind").GetString());
        Assert.Equal(WebRig.HostmasterName, answer.GetProperty("action").GetProperty("by").GetString());
        await rig.WaitForIncidentAsync(miner.Pid, "resumed", _cancel);
        Assert.Contains(rig.Agent.Commands, c => c.Kind == CommandKind.Resume && c.Target.Pid == miner.Pid && c.IssuedBy == WebRig.HostmasterName);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}", _cancel);
        var resume = detail.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "resume");
        Assert.Equal("done", resume.GetProperty("status").GetString());
        Assert.Equal(WebRig.HostmasterName, resume.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Kill_SessionWithCsrfToken_CommandReachesAgent()
    {
        var (miner, id) = await SuspendedIncidentAsync();
        using var session = await rig.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel);

        var answer = await JsonAsync(await session.PostAsync($"/api/incidents/{id}/kill", _cancel), HttpStatusCode.Accepted);

        Assert.Equal("kill", answer.GetProperty("action").GetProperty("kind").GetString());
        await rig.WaitForIncidentAsync(miner.Pid, "killed", _cancel);
        Assert.Contains(rig.Agent.Commands, c => c.Kind == CommandKind.Kill && c.Target.Pid == miner.Pid && c.IssuedBy == WebRig.HostmasterName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("forged-token")]
    public async Task Act_SessionWithoutRightCsrfToken_403AndNothingDone(string csrf)
    {
        var (miner, id) = await SuspendedIncidentAsync();
        using var session = await rig.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel);

        foreach (string act in new[] { "resume", "kill", "false-positive", "notify", "close" })
        {
            var problem = await JsonAsync(await session.PostAsync($"/api/incidents/{id}/{act}", _cancel, csrf), HttpStatusCode.Forbidden);
            Assert.Equal("Missing or wrong CSRF token", problem.GetProperty("title").GetString());
        }
        var revoke = new HttpRequestMessage(HttpMethod.Delete, "/api/allow/1");
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.SendAsync(revoke, _cancel)).StatusCode);

        var detail = await session.Client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}", _cancel);
        Assert.Equal("suspended", detail.GetProperty("summary").GetProperty("status").GetString());
        Assert.DoesNotContain(detail.GetProperty("actions").EnumerateArray(), a => a.GetProperty("by").GetString() == WebRig.HostmasterName);
        Assert.DoesNotContain(rig.Agent.Commands, c => c.Target.Pid == miner.Pid && c.Kind != CommandKind.Suspend);
    }

    [Fact]
    public async Task Act_CsrfTokenOfAnotherSession_403()
    {
        var (_, id) = await SuspendedIncidentAsync();
        using var mine = await rig.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel);
        using var other = await rig.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel);

        var response = await mine.PostAsync($"/api/incidents/{id}/close", _cancel, other.CsrfToken == mine.CsrfToken ? "x" : other.CsrfToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Close_Hostmaster_ClosedOnceRecordedWithReason()
    {
        var (_, id) = await SuspendedIncidentAsync();
        using var client = Hostmaster();

        var answer = await JsonAsync(await client.PostAsJsonAsync($"/api/incidents/{id}/close", new { reason = "miner removed, site patched" }, _cancel),
            HttpStatusCode.OK);
        var again = await JsonAsync(await client.PostAsync($"/api/incidents/{id}/close", null, _cancel), HttpStatusCode.Conflict);

        Assert.Equal("closed: miner removed, site patched", answer.GetProperty("action").GetProperty("detail").GetString());
        Assert.Contains("already closed", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}", _cancel);
        Assert.Equal("closed", detail.GetProperty("summary").GetProperty("status").GetString());
        Assert.False(detail.GetProperty("summary").GetProperty("isOpen").GetBoolean());
        Assert.Single(detail.GetProperty("actions").EnumerateArray(), a => a.GetProperty("kind").GetString() == "close"
            && a.GetProperty("by").GetString() == WebRig.HostmasterName);
    }

    [Fact]
    public async Task FalsePositive_Miner_AllowEntryHonouredUntilRevoked()
    {
        // An executable of this test's own: the allow entry must not touch other tests' miners.
        const string exe = "/tmp/.fp-honoured/kthreaddi";
        var (miner, id) = await SuspendedIncidentAsync(exe: exe);
        using var client = Hostmaster();

        var answer = await JsonAsync(await client.PostAsJsonAsync($"/api/incidents/{id}/false-positive", new { reason = "the member's video encoder" }, _cancel),
            HttpStatusCode.OK);

        var allow = answer.GetProperty("allow");
        long entry = allow.GetProperty("id").GetInt64();
        Assert.Equal(("web1", "xyz00-web", exe, "the member's video encoder", WebRig.HostmasterName, id),
            (allow.GetProperty("host").GetString(), allow.GetProperty("user").GetString(), allow.GetProperty("executable").GetString(),
                allow.GetProperty("reason").GetString(), allow.GetProperty("createdBy").GetString(), allow.GetProperty("incidentId").GetInt64()));
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/allow", _cancel);
        Assert.Contains(listed.EnumerateArray(), e => e.GetProperty("id").GetInt64() == entry);
        // The suspended tree is resumed: a false positive is not left stopped.
        await rig.WaitForIncidentAsync(miner.Pid, "false-positive", _cancel);
        await Eventually.HoldsAsync(() => rig.Agent.Commands.Any(c => c.Kind == CommandKind.Resume && c.Target.Pid == miner.Pid),
            "a resume of the false positive's tree", TimeSpan.FromSeconds(20), _cancel);

        // The same program of the same user is not flagged again; another program still is.
        var same = await rig.StartMinerAsync(exe: exe, cancel: _cancel);
        var control = await rig.StartMinerAsync(exe: "/tmp/.fp-control/kthreaddi", cancel: _cancel);
        await rig.WaitForIncidentAsync(control.Pid, "suspended", _cancel);
        var all = (await client.GetFromJsonAsync<JsonElement>("/api/incidents?limit=1000", _cancel)).GetProperty("incidents");
        Assert.DoesNotContain(all.EnumerateArray(), i => i.GetProperty("offenderPid").GetInt32() == same.Pid);

        // Revoked: flagged again.
        var revoked = await client.DeleteAsync($"/api/allow/{entry}", _cancel);
        await JsonAsync(revoked, HttpStatusCode.OK);
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/allow", _cancel)).EnumerateArray(),
            e => e.GetProperty("id").GetInt64() == entry);
        var after = await rig.StartMinerAsync(exe: exe, cancel: _cancel);
        await rig.WaitForIncidentAsync(after.Pid, "suspended", _cancel);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}", _cancel);
        Assert.Contains(detail.GetProperty("actions").EnumerateArray(), a => a.GetProperty("kind").GetString() == "allow-revoked"
            && a.GetProperty("by").GetString() == WebRig.HostmasterName);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/allow/{entry}", _cancel)).StatusCode);
    }

    [Fact]
    public async Task FalsePositive_Restart_AllowEntryKeptAndHonoured()
    {
        const string exe = "/tmp/.fp-kept/kthreaddi";
        var (_, id) = await SuspendedIncidentAsync(exe: exe);
        using var client = Hostmaster();
        var answer = await JsonAsync(await client.PostAsync($"/api/incidents/{id}/false-positive", null, _cancel), HttpStatusCode.OK);
        long entry = answer.GetProperty("allow").GetProperty("id").GetInt64();
        var store = rig.Rig!.Store;

        Assert.Contains(store.AllowEntries(), e => e.Id == entry && e.Executable == exe && e.Reason == $"false positive (incident {id})");
        var list = new HsGuard.Collector.Detection.Allow.AllowList();
        list.Load(store.AllowEntries());
        Assert.True(list.AllowsProcess("WEB1", "xyz00-web", exe));
        Assert.False(list.AllowsProcess("web2", "xyz00-web", exe));
        Assert.False(list.AllowsProcess("web1", "abc01-web", exe));
        await client.DeleteAsync($"/api/allow/{entry}", _cancel);
    }

    [Fact]
    public async Task FalsePositive_AnyHost_EntryForEveryHost()
    {
        const string exe = "/tmp/.fp-any/kthreaddi";
        var (_, id) = await SuspendedIncidentAsync(exe: exe);
        using var client = Hostmaster();

        var answer = await JsonAsync(await client.PostAsJsonAsync($"/api/incidents/{id}/false-positive", new { anyHost = true }, _cancel), HttpStatusCode.OK);
        var again = await JsonAsync(await client.PostAsync($"/api/incidents/{id}/false-positive", null, _cancel), HttpStatusCode.Conflict);

        Assert.Equal(JsonValueKind.Null, answer.GetProperty("allow").GetProperty("host").ValueKind);
        Assert.Contains("already a false positive", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await client.DeleteAsync($"/api/allow/{answer.GetProperty("allow").GetProperty("id").GetInt64()}", _cancel);
    }

    [Fact]
    public async Task Notify_KnownMember_LatestNoticeSentAgainThroughOutbox()
    {
        var (_, id) = await SuspendedIncidentAsync();
        await Eventually.HoldsAsync(() => rig.Rig!.MailTo(NoticeRig.GermanMember).Count(m => Incident(m) == id) >= 2,
            "the member's found and suspended notices", TimeSpan.FromSeconds(20), _cancel);
        using var client = Hostmaster();

        var answer = await JsonAsync(await client.PostAsync($"/api/incidents/{id}/notify", null, _cancel), HttpStatusCode.OK);

        Assert.Equal("notify", answer.GetProperty("action").GetProperty("kind").GetString());
        Assert.Contains(NoticeRig.GermanMember, answer.GetProperty("action").GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => rig.Rig!.MailTo(NoticeRig.GermanMember).Count(m => Incident(m) == id) >= 3,
            "the member's notice sent again", TimeSpan.FromSeconds(20), _cancel);
        var mails = rig.Rig!.MailTo(NoticeRig.GermanMember).Where(m => Incident(m) == id).ToList();
        Assert.Equal(3, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal("suspended", mails[^1].Headers["X-HsGuard-Stage"]);
        Assert.Equal(1, mails.Count(m => m.Headers["X-HsGuard-Stage"] == "found"));
    }

    [Fact]
    public async Task Notify_UnknownMember_409WithReason()
    {
        var (_, id) = await SuspendedIncidentAsync(user: "www-custom", uid: 1700);
        using var client = Hostmaster();

        var problem = await JsonAsync(await client.PostAsync($"/api/incidents/{id}/notify", null, _cancel), HttpStatusCode.Conflict);

        Assert.Contains("no member with an e-mail address is known for www-custom on web1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/incidents/999999")]
    [InlineData("POST", "/api/incidents/999999/resume")]
    [InlineData("POST", "/api/incidents/999999/kill")]
    [InlineData("POST", "/api/incidents/999999/false-positive")]
    [InlineData("POST", "/api/incidents/999999/notify")]
    [InlineData("POST", "/api/incidents/999999/close")]
    [InlineData("DELETE", "/api/allow/999999")]
    public async Task UnknownId_404Problem(string method, string path)
    {
        using var client = Hostmaster();

        var problem = await JsonAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), _cancel), HttpStatusCode.NotFound);

        Assert.Contains("999999", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/incidents/abc")]
    [InlineData("POST", "/api/incidents/-1/close")]
    [InlineData("POST", "/api/incidents/1e3/kill")]
    [InlineData("DELETE", "/api/allow/x")]
    public async Task MalformedId_400Problem(string method, string path)
    {
        using var client = Hostmaster();

        var problem = await JsonAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), _cancel), HttpStatusCode.BadRequest);

        Assert.Contains("is not an id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"reason\": ", "application/json", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("[1, 2]", "application/json", HttpStatusCode.BadRequest, "not valid JSON")]
    [InlineData("{\"reasn\": \"typo\"}", "application/json", HttpStatusCode.BadRequest, "reasn")]
    [InlineData("{\"anyHost\": \"yes\"}", "application/json", HttpStatusCode.BadRequest, "anyHost")]
    [InlineData("null", "application/json", HttpStatusCode.BadRequest, "not null")]
    [InlineData("reason=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "must be JSON")]
    public async Task FalsePositive_MalformedBody_4xxAndNothingDone(string body, string type, HttpStatusCode status, string says)
    {
        var (_, id) = await SuspendedIncidentAsync(exe: "/tmp/.malformed/kthreaddi");
        using var client = Hostmaster();

        var problem = await JsonAsync(await client.PostAsync($"/api/incidents/{id}/false-positive", new StringContent(body, Encoding.UTF8, type), _cancel),
            status);

        Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}", _cancel);
        Assert.Equal("suspended", detail.GetProperty("summary").GetProperty("status").GetString());
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/allow", _cancel)).EnumerateArray(),
            e => e.GetProperty("incidentId").GetInt64() == id);
    }

    [Fact]
    public async Task Close_MalformedBody_400()
    {
        var (_, id) = await SuspendedIncidentAsync();
        using var client = Hostmaster();

        var response = await client.PostAsync($"/api/incidents/{id}/close", new StringContent("{\"reason\": 42}", Encoding.UTF8, "application/json"), _cancel);

        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("reason", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static long Incident(MimeKit.MimeMessage message) =>
        long.TryParse(message.Headers["X-HsGuard-Incident"], out long id) ? id : -1;
}
