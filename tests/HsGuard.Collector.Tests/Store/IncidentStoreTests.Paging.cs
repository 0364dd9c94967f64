using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Members;
using HsGuard.Collector.Store;
using HsGuard.Collector.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace HsGuard.Collector.Tests.Store;

/// <summary>Lists a page at a time (the keyset on the id, every filter and the member in the
/// query), on SQLite and PostgreSQL alike.</summary>
public abstract partial class IncidentStoreTests
{
    private sealed record Made(long Id, string Host, string User, string Severity, IncidentStatus Status);

    private static Made Stored(IncidentStore store, string host, string user, string priority = "WARNING",
        IncidentStatus status = IncidentStatus.Open)
    {
        var book = new IncidentBook(new DetectionOptions(), store);
        var state = new HostState(host, new IngestOptions());
        state.Greet(Batches.Hello(host), T0);
        var sample = Batches.Started(4242, "kthreaddi", cpu: 150);
        sample.User = user;
        state.Apply(Batches.Batch(1, keyframe: true).With(sample), T0);
        var incident = book.Report(state, state.Find(4242, 5000)!,
            [new FiredRule("Kernel thread name on a user program", 120, priority, ["maturity_stable"], "kthreaddi looks like kthreadd")],
            new HashSet<string>(), 0.25, T0.AddSeconds(3));
        if (status != IncidentStatus.Open)
        {
            book.SetStatus(incident, status);
        }
        return new Made(incident.Id, host, user, priority, status);
    }

    /// <summary>24 incidents: two hosts (one spelled in capitals), three users, three severities,
    /// every third closed and every fifth a false positive.</summary>
    private static List<Made> Mixed(IncidentStore store) => Enumerable.Range(0, 24).Select(n => Stored(store,
        n % 2 == 0 ? "web1" : "WEB2",
        (n % 3) switch { 0 => "xyz00-web", 1 => "abc01-web", _ => "xyz00" },
        (n % 4) switch { 0 => "ERROR", 1 => "NOTICE", _ => "WARNING" },
        n % 5 == 4 ? IncidentStatus.FalsePositive : n % 3 == 2 ? IncidentStatus.Closed : IncidentStatus.Suspended)).ToList();

    /// <summary>Every page from the newest to the oldest, following the cursor; <paramref name="between"/> runs after each page.</summary>
    private static List<List<long>> Pages(IncidentStore store, IncidentQuery query, Action? between = null)
    {
        var pages = new List<List<long>>();
        long? before = null;
        while (true)
        {
            var (incidents, older, newer) = store.LoadPage(query with { Before = before });
            Assert.True(incidents.Count <= query.Limit);
            Assert.Equal(before is not null, newer);
            pages.Add(incidents.Select(i => i.Id).ToList());
            between?.Invoke();
            if (!older)
            {
                return pages;
            }
            Assert.Equal(query.Limit, incidents.Count);
            before = incidents[^1].Id;
            Assert.True(pages.Count < 100, "the cursor does not move");
        }
    }

    public static TheoryData<string> Filters => ["none", "host", "user", "severity", "status", "open", "combined"];

    [Theory]
    [MemberData(nameof(Filters))]
    public void LoadPage_FilterAcrossPages_EveryMatchOnceNewestFirst(string filter)
    {
        var store = NewStore();
        store.Migrate();
        var made = Mixed(store);
        var errorOrWorse = Priorities.AtLeast("ERROR");
        (IncidentQuery Query, Func<Made, bool> Matches) cut = filter switch
        {
            "host" => (new IncidentQuery(Host: "Web2"), m => m.Host == "WEB2"),
            "user" => (new IncidentQuery(User: "abc01-web"), m => m.User == "abc01-web"),
            "severity" => (new IncidentQuery(Severities: errorOrWorse), m => m.Severity == "ERROR"),
            "status" => (new IncidentQuery(Status: "Closed"), m => m.Status == IncidentStatus.Closed),
            "open" => (new IncidentQuery(OpenOnly: true), m => m.Status == IncidentStatus.Suspended),
            "combined" => (new IncidentQuery(Host: "web1", Severities: Priorities.AtLeast("WARNING"), OpenOnly: true),
                m => m.Host == "web1" && m.Severity != "NOTICE" && m.Status == IncidentStatus.Suspended),
            _ => (new IncidentQuery(), _ => true),
        };
        var expected = made.Where(cut.Matches).Select(m => m.Id).OrderDescending().ToList();
        Assert.True(expected.Count >= 4, $"the filter {filter} picks {expected.Count}: too few to page");

        var pages = Pages(store, cut.Query with { Limit = 3 });

        Assert.Equal(expected, pages.SelectMany(p => p));
        Assert.Equal((expected.Count + 2) / 3, pages.Count(p => p.Count > 0));
    }

    [Fact]
    public void LoadPage_NewIncidentsWhilePaging_OlderPagesUnchanged()
    {
        var store = NewStore();
        store.Migrate();
        var made = Mixed(store);
        var arrived = new List<Made>();

        // New incidents of every kind arrive after each page is read.
        var pages = Pages(store, new IncidentQuery(User: "xyz00-web", Limit: 2),
            () => arrived.Add(Stored(store, "web1", arrived.Count % 2 == 0 ? "xyz00-web" : "abc01-web")));

        var listed = pages.SelectMany(p => p).ToList();
        Assert.Equal(made.Where(m => m.User == "xyz00-web").Select(m => m.Id).OrderDescending(), listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(arrived.Count >= 4);
        // A fresh first page starts with the newcomers.
        var first = store.LoadPage(new IncidentQuery(User: "xyz00-web", Limit: 2)).Incidents;
        Assert.Equal(arrived.Where(a => a.User == "xyz00-web").Select(a => a.Id).OrderDescending().Take(2), first.Select(i => i.Id));
    }

    [Fact]
    public void LoadPage_AfterCursor_NewerPagesBackToTheFirst()
    {
        var store = NewStore();
        store.Migrate();
        Mixed(store);
        var query = new IncidentQuery(OpenOnly: true, Limit: 4);
        var down = Pages(store, query);
        Assert.True(down.Count >= 3);

        var up = new List<List<long>>();
        long after = down[^1][^1];
        bool newer = true;
        // From the oldest incident's own id: the page above it, then each page's newest.
        while (newer)
        {
            var page = store.LoadPage(query with { After = after });
            Assert.True(page.Older);
            up.Add(page.Incidents.Select(i => i.Id).ToList());
            newer = page.Newer;
            after = page.Incidents[0].Id;
        }

        var all = down.SelectMany(p => p).ToList();
        Assert.Equal(all.SkipLast(1), up.AsEnumerable().Reverse().SelectMany(p => p));
        Assert.Equal(all.Take(4), up[^1]);
    }

    [Fact]
    public void LoadPage_EmptyPageAtACursor_SaysWhereTheOthersAre()
    {
        var store = NewStore();
        store.Migrate();
        var made = Mixed(store);
        long oldest = made[0].Id;

        var beyond = store.LoadPage(new IncidentQuery(Before: oldest));
        var above = store.LoadPage(new IncidentQuery(After: made[^1].Id));
        var none = store.LoadPage(new IncidentQuery(User: "nobody"));

        Assert.Equal((0, false, true), (beyond.Incidents.Count, beyond.Older, beyond.Newer));
        Assert.Equal((0, true, false), (above.Incidents.Count, above.Older, above.Newer));
        Assert.Equal((0, false, false), (none.Incidents.Count, none.Older, none.Newer));
    }

    [Fact]
    public void LoadPage_MemberScope_TheDirectorysOwnersExactly()
    {
        var store = NewStore();
        store.Migrate();
        string file = _state.Combine("members.yaml");
        File.WriteAllText(file, """
            members:
              - name: xyz00
                emails: [it@beispiel.example]
                language: de
                users:
                  - { user: shop, host: web7 }
                  - { user: legacy }
              - name: abc01
                emails: [ops@example.com]
                language: en
                users:
                  - { user: xyz00-mail, host: web2 }
            """);
        store.SaveMember("dbm01", "Database member", "[\"db@example.org\"]", "en");
        store.SaveMemberUser("web1", "xyz00-web", "dbm01");
        store.SaveMemberUser("*", "shared", "abc01");
        var directory = new MemberDirectory(Microsoft.Extensions.Options.Options.Create(new MembersOptions { File = file }), store,
            NullLogger<MemberDirectory>.Instance);
        directory.Load();
        // An entry naming a member nobody has contacts for (made after the start's check): still its.
        store.SaveMemberUser("web1", "ghostuser", "ghost");
        (string Host, string User, string? Owner)[] cases =
        [
            ("web1", "xyz00-web", "dbm01"), ("WEB1", "xyz00-web", "dbm01"), ("web2", "xyz00-web", "xyz00"), ("web7", "shop", "xyz00"),
            ("web1", "shop", null), ("web3", "legacy", "xyz00"), ("web2", "xyz00-mail", "abc01"), ("Web2", "xyz00-mail", "abc01"),
            ("web1", "xyz00-mail", "xyz00"), ("web1", "shared", "abc01"), ("web1", "abc01", "abc01"), ("web1", "XYZ00-web", null),
            ("web1", "xyz00-", null), ("web1", "xyz001", null), ("web1", "ghostuser", "ghost"), ("web1", "xyz00", "xyz00"),
        ];
        var made = cases.Select(c => (Made: Stored(store, c.Host, c.User), c.Owner)).ToList();
        Assert.All(made, m => Assert.Equal(m.Owner, directory.Resolve(m.Made.Host, m.Made.User).Owner));

        foreach (string member in new[] { "xyz00", "abc01", "dbm01", "ghost", "nobody" })
        {
            var listed = store.LoadPage(new IncidentQuery(Members: [directory.Scope(member)], Limit: 1000)).Incidents.Select(i => i.Id);

            Assert.Equal(made.Where(m => m.Owner == member).Select(m => m.Made.Id).OrderDescending(), listed);
        }
        // Two members at once (a member viewer asking for another's): nothing.
        Assert.Empty(store.LoadPage(new IncidentQuery(Members: [directory.Scope("xyz00"), directory.Scope("abc01")])).Incidents);
        // Paged, a member's view keeps to its own on every page.
        var pages = Pages(store, new IncidentQuery(Members: [directory.Scope("xyz00")], Limit: 2));
        Assert.Equal(made.Where(m => m.Owner == "xyz00").Select(m => m.Made.Id).OrderDescending(), pages.SelectMany(p => p));
    }

    [Fact]
    public void LoadPage_MemberScopeWithoutNamingRule_NoPackageUsers()
    {
        var store = NewStore();
        store.Migrate();
        var named = Stored(store, "web1", "xyz00-web");
        store.SaveMemberUser("web1", "shop", "xyz00");
        var shop = Stored(store, "web1", "shop");
        var directory = new MemberDirectory(Microsoft.Extensions.Options.Options.Create(new MembersOptions { HostsharingNames = false }), store,
            NullLogger<MemberDirectory>.Instance);

        var listed = store.LoadPage(new IncidentQuery(Members: [directory.Scope("xyz00")])).Incidents;

        Assert.Equal([shop.Id], listed.Select(i => i.Id));
        Assert.Null(directory.Resolve("web1", named.User).Owner);
    }
}
