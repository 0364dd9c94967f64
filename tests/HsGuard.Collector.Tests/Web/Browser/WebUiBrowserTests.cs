using System.Text.RegularExpressions;
using HsGuard.Collector.Tests.Support;
using Microsoft.Playwright;

namespace HsGuard.Collector.Tests.Web.Browser;

/// <summary>
/// The web UI in a real headless Chromium against the real collector and agent: log in, find the
/// incident a real miner stand-in caused, resume it and see it run again (in /proc and on the
/// page), mark it a false positive and see it no longer flagged, revoke that, and look as a member.
/// Screenshots of the main pages land in TestResults/screenshots/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WebUiBrowserTests(WebUiRig rig)
{
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(30);
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_WrongThenRightPassword_ErrorThenIncidents()
    {
        var page = await rig.PageAsync();
        await page.GotoAsync(rig.BaseUrl + "/incidents");
        Assert.StartsWith(rig.BaseUrl + "/login", page.Url, StringComparison.Ordinal);
        await WebUiRig.ScreenshotAsync(page, "login");

        await page.FillAsync("input[name=name]", WebUiRig.Hostmaster);
        await page.FillAsync("input[name=password]", "not the password");
        await page.ClickAsync("button[type=submit]");
        Assert.Equal("Wrong name or password.", await page.InnerTextAsync("[role=alert]"));

        await page.FillAsync("input[name=name]", WebUiRig.Hostmaster);
        await page.FillAsync("input[name=password]", rig.HostmasterPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(rig.BaseUrl + "/incidents");
        Assert.Contains("alice (hostmaster)", await page.InnerTextAsync("header .who"), StringComparison.Ordinal);

        await rig.LogoutAsync(page);
        await page.GotoAsync(rig.BaseUrl + "/hosts");
        Assert.StartsWith(rig.BaseUrl + "/login", page.Url, StringComparison.Ordinal);
        Assert.Empty(rig.ForeignRequests);
    }

    [Fact]
    public async Task Incident_RealMinerSuspended_ResumedThenFalsePositiveThenRevoked()
    {
        var page = await rig.PageAsync();
        await rig.LoginAsync(page, WebUiRig.Hostmaster, rig.HostmasterPassword);
        var miner = rig.StartMiner("resume");

        // The incident, found and suspended by the collector and the agent on their own.
        string list = $"{rig.BaseUrl}/incidents?user={WebUiRig.UserName}";
        var row = page.Locator("table.incidents tbody tr").Filter(new() { HasText = $"kthreaddi ({miner.Pid})" });
        await ReloadUntilAsync(page, list, async () => await row.CountAsync() == 1
            && await row.Locator(".badge").First.InnerTextAsync() == "suspended", "the miner's incident, suspended");
        await WebUiRig.ScreenshotAsync(page, "incidents");
        Assert.Contains("Kernel thread name on a user program", await row.InnerTextAsync(), StringComparison.Ordinal);

        await row.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/incidents/\d+$"));
        string incident = page.Url;
        var node = page.Locator($"li[data-pid='{miner.Pid}'] > div .badge[data-state]").First;
        await ReloadUntilAsync(page, incident, async () => await node.GetAttributeAsync("data-state") is not ("R" or "S"), "the miner stopped on the page");
        Assert.True(WebUiRig.ProcState(miner.Pid) is 'T' or 't' or 'D', $"stopped in /proc: {WebUiRig.ProcState(miner.Pid)}");
        Assert.Contains("/tmp/hsguard-webtest-", await page.InnerTextAsync("ul.tree"), StringComparison.Ordinal);
        // The user's total (series 0) and the miner (series 1), each a line, or a dot while it has one sample.
        var legend = await page.Locator("svg.chart text.legend").AllTextContentsAsync();
        Assert.StartsWith($"user {WebUiRig.UserName} (all its processes) (peak ", legend[0], StringComparison.Ordinal);
        Assert.StartsWith($"kthreaddi ({miner.Pid}) (peak ", legend[1], StringComparison.Ordinal);
        Assert.True(await page.Locator("svg.chart .series.s0").CountAsync() >= 1, "the user's CPU drawn");
        Assert.True(await page.Locator("svg.chart .series.s1").CountAsync() >= 1, "the miner's CPU drawn");
        Assert.Contains("kthreaddi", await page.InnerTextAsync("table.signals"), StringComparison.Ordinal);
        Assert.Contains("suspend", await page.InnerTextAsync("table.actions-log"), StringComparison.Ordinal);
        await WebUiRig.ScreenshotAsync(page, "incident");

        // Resume: running again in /proc, then on the page.
        await page.ClickAsync("form[action*='handler=Resume'] button");
        Assert.Equal("Resume ordered.", await page.InnerTextAsync(".flash.ok"));
        await HoldsAsync(() => WebUiRig.ProcState(miner.Pid) is 'R' or 'S', "the miner running again in /proc");
        await ReloadUntilAsync(page, incident, async () => await node.GetAttributeAsync("data-state") is "R" or "S", "the miner running on the page");
        Assert.Equal("resumed", await page.InnerTextAsync("#status"));
        Assert.Contains("alice", await page.Locator("table.actions-log tr[data-kind='resume']").InnerTextAsync(), StringComparison.Ordinal);
        await WebUiRig.ScreenshotAsync(page, "incident-resumed");

        // False positive: an allow entry, shown; the miner is no longer flagged, and neither is a
        // second one of the same program.
        await page.FillAsync("form[action*='handler=FalsePositive'] input[name=reason]", "the member's own benchmark");
        await page.ClickAsync("form[action*='handler=FalsePositive'] button");
        StringAssert(await page.InnerTextAsync(".flash.ok"), "Marked a false positive: allow entry");
        Assert.Equal("false-positive", await page.InnerTextAsync("#status"));
        var allow = page.Locator("tr[data-allow]");
        Assert.Contains("the member's own benchmark", await allow.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("/tmp/hsguard-webtest-", await allow.InnerTextAsync(), StringComparison.Ordinal);
        await WebUiRig.ScreenshotAsync(page, "incident-false-positive");

        var second = rig.StartMiner("resume");
        string hosts = rig.BaseUrl + "/hosts";
        var user = page.Locator($"section[data-host='{rig.HostName}'] tr[data-user='{WebUiRig.UserName}'] td.num").Nth(1);
        // The user's processes as /proc has them: both miners, and those of earlier tests of this
        // class still held by their incidents (the rig ends them when the class is done).
        await ReloadUntilAsync(page, hosts, async () => await user.CountAsync() == 1
            && WebUiRig.ProcState(second.Pid) is not null
            && await user.InnerTextAsync() == WebUiRig.ProcessesOf(WebUiRig.Uid).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "both miners on the hosts page, with every other process of the user");
        Assert.Equal(1, await page.Locator($"section[data-host='{rig.HostName}'] tr[data-user='{WebUiRig.UserName}'] svg.spark polyline").CountAsync());
        Assert.Equal("connected", await page.InnerTextAsync($"section[data-host='{rig.HostName}'] h2 .up"));
        StringAssert(await page.InnerTextAsync($"section[data-host='{rig.HostName}'] p.sub"), "Last seen");
        await WebUiRig.ScreenshotAsync(page, "hosts");
        await page.GotoAsync(list + "&status=open");
        var open = page.Locator("table.incidents tbody tr");
        Assert.Equal(0, await open.Filter(new() { HasText = $"({miner.Pid})" }).CountAsync());
        Assert.Equal(0, await open.Filter(new() { HasText = $"({second.Pid})" }).CountAsync());
        Assert.True(WebUiRig.ProcState(miner.Pid) is 'R' or 'S');
        Assert.True(WebUiRig.ProcState(second.Pid) is 'R' or 'S');

        // Revoked: flagged again.
        await page.GotoAsync(incident);
        await page.ClickAsync("tr[data-allow] form button");
        StringAssert(await page.InnerTextAsync(".flash.ok"), "revoked");
        Assert.Equal(0, await page.Locator("tr[data-allow]").CountAsync());
        await ReloadUntilAsync(page, list + "&status=open", async () => await open.Filter(new() { HasText = $"({second.Pid})" }).CountAsync() == 1,
            "the second miner flagged once the allow entry is revoked");

        await page.GotoAsync(rig.BaseUrl + "/rules");
        var rule = page.Locator("tr[data-rule='Kernel thread name on a user program']");
        Assert.NotEqual("0", await rule.Locator("td.num").Last.InnerTextAsync());
        Assert.Contains(".yaml:", await rule.InnerTextAsync(), StringComparison.Ordinal);
        await WebUiRig.ScreenshotAsync(page, "rules");
        await rig.LogoutAsync(page);
        Assert.Empty(rig.ForeignRequests);
    }

    [Fact]
    public async Task Incident_KillConfirmedNotifyRefusedClose_EachShownWithWho()
    {
        var page = await rig.PageAsync();
        await rig.LoginAsync(page, WebUiRig.Hostmaster, rig.HostmasterPassword);
        var miner = rig.StartMiner("kill");
        var row = page.Locator("table.incidents tbody tr").Filter(new() { HasText = $"kthreaddi ({miner.Pid})" });
        await ReloadUntilAsync(page, $"{rig.BaseUrl}/incidents?user={WebUiRig.UserName}&status=suspended", async () => await row.CountAsync() == 1,
            "the miner's incident, suspended");
        await row.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/incidents/\d+$"));
        string incident = page.Url;

        // Kill asks for a confirmation: without it the browser does not send the form.
        await page.ClickAsync("form[action*='handler=Kill'] button");
        Assert.Equal(0, await page.Locator(".flash").CountAsync());
        Assert.NotNull(WebUiRig.ProcState(miner.Pid));
        await page.CheckAsync("form[action*='handler=Kill'] input[name=confirm]");
        await page.ClickAsync("form[action*='handler=Kill'] button");
        Assert.Equal("Kill ordered.", await page.InnerTextAsync(".flash.ok"));
        // Gone, or a zombie until the test (its parent) reaps it.
        await HoldsAsync(() => WebUiRig.ProcState(miner.Pid) is null or 'Z', "the miner killed");
        await ReloadUntilAsync(page, incident, async () => await page.InnerTextAsync("#status") == "killed", "the incident killed");
        Assert.Contains("alice", await page.Locator("table.actions-log tr[data-kind='kill']").InnerTextAsync(), StringComparison.Ordinal);

        // Notify again: refused with the reason (no e-mail address is known for the member).
        await page.ClickAsync("form[action*='handler=Notify'] button");
        StringAssert(await page.InnerTextAsync(".flash.error"), "no member with an e-mail address is known for hwt01-web");

        await page.FillAsync("form[action*='handler=Close'] input[name=reason]", "miner removed, member told by phone");
        await page.ClickAsync("form[action*='handler=Close'] button");
        Assert.Equal("Closed.", await page.InnerTextAsync(".flash.ok"));
        Assert.Equal("closed", await page.InnerTextAsync("#status"));
        Assert.Equal(0, await page.Locator("form[action*='handler=Close']").CountAsync());
        var closed = await page.Locator("table.actions-log tr[data-kind='close']").InnerTextAsync();
        Assert.Contains("alice", closed, StringComparison.Ordinal);
        Assert.Contains("miner removed, member told by phone", closed, StringComparison.Ordinal);
        await rig.LogoutAsync(page);
        Assert.Empty(rig.ForeignRequests);
    }

    [Fact]
    public async Task Member_OwnIncidentsOnly_NoButtons()
    {
        var page = await rig.PageAsync();
        var own = rig.StartMiner("member");
        var other = rig.StartMiner("other-member", WebUiRig.OtherUid);
        // Both incidents there, as a hostmaster sees them.
        await rig.LoginAsync(page, WebUiRig.Hostmaster, rig.HostmasterPassword);
        var rows = page.Locator("table.incidents tbody tr");
        await ReloadUntilAsync(page, rig.BaseUrl + "/incidents?status=suspended", async () =>
            await rows.Filter(new() { HasText = $"({own.Pid})" }).CountAsync() == 1 && await rows.Filter(new() { HasText = $"({other.Pid})" }).CountAsync() == 1,
            "both members' incidents");
        string otherId = await rows.Filter(new() { HasText = $"({other.Pid})" }).GetAttributeAsync("data-incident") ?? "";
        await rig.LogoutAsync(page);

        await rig.LoginAsync(page, WebUiRig.MemberAccount, rig.MemberPassword);
        Assert.Contains("member hwt01", await page.InnerTextAsync("header .who"), StringComparison.Ordinal);
        Assert.Equal(1, await rows.Filter(new() { HasText = $"({own.Pid})" }).CountAsync());
        Assert.Equal(0, await rows.Filter(new() { HasText = $"({other.Pid})" }).CountAsync());
        foreach (var row in await rows.AllAsync())
        {
            Assert.Equal(WebUiRig.UserName, await row.Locator("td").Nth(6).InnerTextAsync());
        }
        Assert.Equal(0, await page.Locator("input[name=member]").CountAsync());
        Assert.Equal(0, await page.Locator("nav a[href='/rules']").CountAsync());
        await WebUiRig.ScreenshotAsync(page, "incidents-member");

        await rows.Filter(new() { HasText = $"({own.Pid})" }).Locator("a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/incidents/\d+$"));
        Assert.Contains("kthreaddi", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        Assert.Equal(0, await page.Locator("main button").CountAsync());
        await WebUiRig.ScreenshotAsync(page, "incident-member");

        // The other member's incident, asked for by its number: as if there were none.
        var response = await page.GotoAsync($"{rig.BaseUrl}/incidents/{otherId}");
        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain(WebUiRig.OtherUserName, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal($"No incident {otherId}", await page.InnerTextAsync("h1"));
        await page.GotoAsync(rig.BaseUrl + "/hosts");
        Assert.Equal(0, await page.Locator($"tr[data-user='{WebUiRig.OtherUserName}']").CountAsync());
        Assert.Equal(1, await page.Locator($"tr[data-user='{WebUiRig.UserName}']").CountAsync());

        await page.GotoAsync(rig.BaseUrl + "/rules");
        Assert.DoesNotContain("Kernel thread name", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Contains("You are logged in as hwt01, who may not see /rules", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await rig.LogoutAsync(page);
        Assert.Empty(rig.ForeignRequests);
    }

    private static void StringAssert(string text, string expected) => Assert.Contains(expected, text, StringComparison.Ordinal);

    /// <summary>Waits for <paramref name="condition"/>; on a time-out, fails with what the collector said.</summary>
    private async Task HoldsAsync(Func<bool> condition, string what)
    {
        try
        {
            await Eventually.HoldsAsync(condition, what, Detection, _cancel);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException(e.Message + "\n" + rig.Collector.Output);
        }
    }

    /// <summary>Loads <paramref name="url"/> again until <paramref name="condition"/> holds on it
    /// (what the collector learns from the agent shows on the next load).</summary>
    private async Task ReloadUntilAsync(IPage page, string url, Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Detection;
        while (true)
        {
            await page.GotoAsync(url);
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > until)
            {
                await WebUiRig.ScreenshotAsync(page, "failed-" + Regex.Replace(what, "[^a-z]+", "-"));
                throw new Xunit.Sdk.XunitException($"timed out after {Detection.TotalSeconds} s waiting for: {what}\n{rig.Collector.Output}");
            }
            await Task.Delay(500, _cancel);
        }
    }
}
