using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Web;

/// <summary>
/// Lists a page at a time against the real collector: the API's next cursor, the page's Older and
/// Newer links, the command line's --before and --all; each test with incidents of its own user
/// (made by real detection), paged with a small limit.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class IncidentPagingTests(WebRig rig)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    /// <summary>Incidents of <paramref name="user"/>, oldest first (each one listed before the next is made).</summary>
    private async Task<List<long>> IncidentsAsync(string user, uint uid, int count)
    {
        var ids = new List<long>();
        for (int n = 0; n < count; n++)
        {
            var miner = await rig.StartMinerAsync(user, uid, cancel: _cancel);
            ids.Add((await rig.WaitForIncidentAsync(miner.Pid, "suspended", _cancel)).GetProperty("id").GetInt64());
        }
        return ids;
    }

    private async Task<JsonElement> PageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/incidents?" + query, _cancel);
        string text = await response.Content.ReadAsStringAsync(_cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static long? Cursor(JsonElement page, string name) =>
        page.GetProperty(name).ValueKind == JsonValueKind.Null ? null : page.GetProperty(name).GetInt64();

    private static List<long> Ids(JsonElement page) => page.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();

    [Fact]
    public async Task List_PagedWhileNewArrive_EveryIncidentOnceThenNextNull()
    {
        var made = await IncidentsAsync("pgt01-web", 1701, 5);
        using var client = rig.Client(WebRig.HostmasterToken);

        var listed = new List<long>();
        long? before = null;
        int pages = 0;
        do
        {
            var page = await PageAsync(client, "user=pgt01-web&limit=2" + (before is { } b ? $"&before={b}" : ""));
            Assert.Equal(before is not null, Cursor(page, "previous") is not null);
            listed.AddRange(Ids(page));
            before = Cursor(page, "next");
            if (++pages == 1)
            {
                // A newer incident arrives while the hostmaster pages back: older pages do not move.
                await IncidentsAsync("pgt01-web", 1701, 1);
            }
        }
        while (before is not null && pages < 20);

        Assert.Equal(3, pages);
        Assert.Equal(made.OrderDescending(), listed);
    }

    [Fact]
    public async Task List_MemberPaged_OwnIncidentsOnEveryPageOnly()
    {
        var own = new List<long>();
        var other = new List<long>();
        for (int n = 0; n < 2; n++)
        {
            own.AddRange(await IncidentsAsync("xyz00-web", 1500, 1));
            other.AddRange(await IncidentsAsync("abc01-web", 1600, 1));
        }
        using var member = rig.Client(WebRig.MemberToken);

        var listed = new List<long>();
        long? before = null;
        do
        {
            var page = await PageAsync(member, "limit=1" + (before is { } b ? $"&before={b}" : ""));
            Assert.All(page.GetProperty("incidents").EnumerateArray(), i => Assert.Equal("xyz00", i.GetProperty("member").GetString()));
            listed.AddRange(Ids(page));
            before = Cursor(page, "next");
        }
        while (before is not null && before > own.Min());

        Assert.Superset(own.ToHashSet(), listed.ToHashSet());
        Assert.Empty(listed.Intersect(other));
        Assert.Equal(listed.Distinct().OrderDescending(), listed);
        // Asking for another member's, a page further down: nothing, and no cursor to follow.
        var others = await PageAsync(member, $"member=abc01&limit=1&before={other.Max() + 1}");
        Assert.Equal((0, null, null), (Ids(others).Count, Cursor(others, "next"), Cursor(others, "previous")));
    }

    [Theory]
    [InlineData("before=abc", "before", "'abc' is not an incident id")]
    [InlineData("after=0", "after", "'0' is not an incident id")]
    [InlineData("before=5&after=2", "before", "not both")]
    [InlineData("limit=5000", "limit", "between 1 and 1000")]
    public async Task List_BadCursor_400WithClearMessage(string query, string parameter, string message)
    {
        using var client = rig.Client(WebRig.HostmasterToken);

        var response = await client.GetAsync("/api/incidents?" + query, _cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_cancel)).RootElement;
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_OlderNewerLinks_KeepTheFilterNoScript()
    {
        var made = await IncidentsAsync("pgt02-web", 1702, 3);
        using var session = await rig.LoginAsync(WebRig.HostmasterName, WebRig.HostmasterPassword, _cancel);

        var (first, firstIds, firstOlder, firstNewer) = await HtmlPageAsync(session, "/incidents?user=pgt02-web&limit=2");
        Assert.Equal(made.OrderDescending().Take(2), firstIds);
        Assert.Null(firstNewer);
        Assert.Equal($"/incidents?user=pgt02-web&limit=2&before={made[1]}", firstOlder);
        Assert.DoesNotContain("<script", first, StringComparison.OrdinalIgnoreCase);

        var (_, secondIds, secondOlder, secondNewer) = await HtmlPageAsync(session, firstOlder!);
        Assert.Equal([made[0]], secondIds);
        Assert.Null(secondOlder);
        Assert.Equal($"/incidents?user=pgt02-web&limit=2&after={made[0]}", secondNewer);

        var (_, backIds, _, backNewer) = await HtmlPageAsync(session, secondNewer!);
        Assert.Equal(firstIds, backIds);
        Assert.Null(backNewer);

        using var bad = await session.Client.GetAsync("/incidents?before=latest", _cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("before 'latest' is not an incident id", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(_cancel)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentsList_BeforeAndAll_PageByPageAndEvery()
    {
        var made = await IncidentsAsync("pgt03-web", 1703, 3);
        Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => HsGuardProgram.RunAsync(HsGuardProgram.Collector,
            ["incidents", "list", "--user", "pgt03-web", .. args, "--url", rig.Url.ToString(), "--token", WebRig.HostmasterToken], cancel: _cancel);
        static List<long> Listed(string output) => output.Split('\n')
            .Where(l => Regex.IsMatch(l, @"^\d+ ") && !l.TrimEnd().EndsWith(" incidents", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var one = await RunAsync("--limit", "1", "--before", made[2].ToString(System.Globalization.CultureInfo.InvariantCulture));
        var every = await RunAsync("--limit", "1", "--all");
        var json = await RunAsync("--limit", "2", "--all", "--json");
        var bad = await RunAsync("--before", "0");

        Assert.True(one.ExitCode == 0, one.Error);
        Assert.Equal([made[1]], Listed(one.Output));
        Assert.Contains($"older incidents: --before {made[1]} (or --all)", one.Output, StringComparison.Ordinal);
        Assert.True(every.ExitCode == 0, every.Error);
        Assert.Equal(made.OrderDescending(), Listed(every.Output));
        Assert.EndsWith("3 incidents", every.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var all = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(made.OrderDescending(), Ids(all));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("before '0' is not an incident id", bad.Error, StringComparison.Ordinal);
    }

    /// <summary>The page's HTML, its incidents' ids, and its Older and Newer links (decoded; null when absent).</summary>
    private async Task<(string Html, List<long> Ids, string? Older, string? Newer)> HtmlPageAsync(BrowserSession session, string path)
    {
        using var response = await session.Client.GetAsync(path, _cancel);
        string html = await response.Content.ReadAsStringAsync(_cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        var ids = RowId().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        string? Link(string rel) => Regex.Match(html, $"rel=\"{rel}\" href=\"([^\"]+)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        return (html, ids, Link("next"), Link("prev"));
    }

    [GeneratedRegex("<tr data-incident=\"(\\d+)\"")]
    private static partial Regex RowId();
}
