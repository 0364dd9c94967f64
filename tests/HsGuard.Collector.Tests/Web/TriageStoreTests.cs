using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Notifications;
using HsGuard.Collector.Store;
using HsGuard.Collector.Tests.Store;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HsGuard.Collector.Tests.Web;

/// <summary>What triage reads and writes in the store (incidents by filter, allow entries, notices
/// sent again, the counts of /metrics), against SQLite and a real PostgreSQL server alike.</summary>
public abstract class TriageStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _state = new();
    private IncidentStore _store = null!;

    protected abstract Task<StoreOptions> OptionsAsync();

    public async ValueTask InitializeAsync()
    {
        _store = new IncidentStore(Microsoft.Extensions.Options.Options.Create(await OptionsAsync()),
            Microsoft.Extensions.Options.Options.Create(new CollectorOptions { StateDirectory = _state.Path }), NullLogger<IncidentStore>.Instance);
        _store.Migrate();
    }

    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        return ValueTask.CompletedTask;
    }

    private Incident Written(IncidentBook book, string host, int pid, string user = "xyz00-web")
    {
        var state = new HsGuard.Collector.Ingest.HostState(host, new HsGuard.Collector.Ingest.IngestOptions());
        state.Greet(Batches.Hello(host), T0);
        var sample = Batches.Started(pid, "kthreaddi", cpu: 150);
        sample.User = user;
        state.Apply(Batches.Batch(1, keyframe: true).With(sample), T0);
        return book.Report(state, state.Find(pid, 5000)!,
            [new FiredRule("Kernel thread name on a user program", 120, "WARNING", ["maturity_stable"], "kthreaddi looks like kthreadd")],
            new HashSet<string>(), 0.25, T0.AddSeconds(3));
    }

    [Fact]
    public void LoadPage_HostAndUser_NewestFirstWithActions()
    {
        var book = new IncidentBook(new DetectionOptions(), _store);
        var open = Written(book, "web1", 100);
        var closed = Written(book, "web1", 101);
        var other = Written(book, "web2", 102);
        var otherUser = Written(book, "web1", 103, "abc01-web");
        book.SetStatus(closed, IncidentStatus.Closed);
        book.AddAction(closed, new IncidentAction(T0.AddSeconds(5), "close", "alice", "closed"));

        Assert.Equal([closed.Id, open.Id], _store.LoadPage(new IncidentQuery("WEB1", "xyz00-web", Limit: 10)).Incidents.Select(i => i.Id));
        var newest = _store.LoadPage(new IncidentQuery("web1", "xyz00-web", Limit: 1));
        Assert.Equal((closed.Id, true, false), (Assert.Single(newest.Incidents).Id, newest.Older, newest.Newer));
        Assert.Equal("alice", Assert.Single(newest.Incidents[0].Actions).By);
        Assert.Equal([otherUser.Id, closed.Id], _store.LoadPage(new IncidentQuery("web1", Limit: 2)).Incidents.Select(i => i.Id));
        Assert.Equal(4, _store.LoadPage(new IncidentQuery(Limit: 10)).Incidents.Count);
        var loaded = _store.LoadIncident(closed.Id)!;
        Assert.Equal(IncidentStatus.Closed, loaded.Status);
        Assert.Equal("alice", Assert.Single(loaded.Actions).By);
        Assert.Null(_store.LoadIncident(999_999));
        Assert.Equal("web2", _store.LoadIncident(other.Id)!.Host);
    }

    [Fact]
    public void AllowEntries_AddRemove_KeptAsWritten()
    {
        var book = new IncidentBook(new DetectionOptions(), _store);
        var incident = Written(book, "web1", 100);

        var one = _store.AddAllowEntry(new AllowEntry(0, "web1", "xyz00-web", "/tmp/x", "encoder", "alice", T0, incident.Id));
        var two = _store.AddAllowEntry(new AllowEntry(0, null, "abc01-web", null, "baseline noise", "bob", T0.AddMinutes(1), null));

        Assert.Equal([one, two], _store.AllowEntries());
        Assert.True(_store.RemoveAllowEntry(one.Id));
        Assert.False(_store.RemoveAllowEntry(one.Id));
        Assert.Equal([two], _store.AllowEntries());
    }

    [Fact]
    public void ResendNotices_SentNotice_LatestPendingAgainUnderANewKey()
    {
        var book = new IncidentBook(new DetectionOptions(), _store);
        var incident = Written(book, "web1", 100);
        PlannedNotice Notice(NoticeStage stage, string to) => new(incident.Id, stage, NoticeChannel.Email, to, NoticeLanguage.De, "s", "b");
        _store.PlanNotices([Notice(NoticeStage.Found, "it@example.org"), Notice(NoticeStage.Suspended, "it@example.org"),
            Notice(NoticeStage.Found, "hostmaster@example.org")], T0);
        while (_store.ClaimNext(T0, TimeSpan.FromMinutes(1)) is { } claimed)
        {
            _store.MarkSent(claimed.Id, T0);
        }
        string keyBefore = _store.Notices(incident: incident.Id).Single(n => n.Stage == "suspended").Key;

        int resent = _store.ResendNotices(incident.Id, ["it@example.org"], T0.AddHours(1));

        Assert.Equal(1, resent);
        var notices = _store.Notices(incident: incident.Id);
        var again = notices.Single(n => n.Status == "pending");
        Assert.Equal(("suspended", "it@example.org", 0L), (again.Stage, again.Recipient, again.Attempts));
        Assert.NotEqual(keyBefore, again.Key);
        Assert.Equal(2, notices.Count(n => n.Status == "sent"));
        // Still waiting: counted, not touched again.
        Assert.Equal(1, _store.ResendNotices(incident.Id, ["it@example.org"], T0.AddHours(2)));
        Assert.Equal(T0.AddHours(1), _store.Notices(incident: incident.Id).Single(n => n.Status == "pending").Created);
        Assert.Equal(0, _store.ResendNotices(incident.Id, ["nobody@example.org"], T0));
        Assert.Contains(("pending", 1L), _store.NoticeCounts());
    }

    [Fact]
    public void ClaimNext_SkippedChannel_OthersClaimedItsNoticesWait()
    {
        var book = new IncidentBook(new DetectionOptions(), _store);
        var incident = Written(book, "web1", 100);
        _store.PlanNotices([new PlannedNotice(incident.Id, NoticeStage.Found, NoticeChannel.Email, "it@example.org", NoticeLanguage.De, "s", "b"),
            new PlannedNotice(incident.Id, NoticeStage.Found, NoticeChannel.Webhook, PlannedNotice.Hostmasters, NoticeLanguage.De, "s", "{}")], T0);

        var claimed = _store.ClaimNext(T0, TimeSpan.FromMinutes(1), ["email"]);

        Assert.Equal("webhook", claimed?.Channel);
        Assert.Null(_store.ClaimNext(T0, TimeSpan.FromMinutes(1), ["email", "webhook"]));
        Assert.Equal("email", _store.ClaimNext(T0, TimeSpan.FromMinutes(1))?.Channel);
    }

    [Fact]
    public void Counts_IncidentsAndActions_ByVerdictStateKindAndWho()
    {
        var book = new IncidentBook(new DetectionOptions(), _store);
        var a = Written(book, "web1", 100);
        Written(book, "web1", 101);
        book.SetStatus(a, IncidentStatus.FalsePositive);
        book.AddAction(a, new IncidentAction(T0, "suspend", "policy", "automatic"));
        book.AddAction(a, new IncidentAction(T0, "resume", "alice", "by hand"));
        book.AddAction(a, new IncidentAction(T0, "resume", "bob", "by hand"));

        var incidents = _store.IncidentCounts();
        var actions = _store.ActionCounts();

        Assert.Contains(("Suspend", true, 1L), incidents);
        Assert.Contains(("Suspend", false, 1L), incidents);
        Assert.Contains(("suspend", true, 1L), actions);
        Assert.Contains(("resume", false, 2L), actions);
    }
}

public sealed class SqliteTriageStoreTests : TriageStoreTests
{
    private readonly TempDirectory _db = new();

    protected override Task<StoreOptions> OptionsAsync() =>
        Task.FromResult(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = _db.Combine("hsguard.db") });
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgreSqlTriageStoreTests(PostgresFixture postgres) : TriageStoreTests
{
    protected override async Task<StoreOptions> OptionsAsync() =>
        new() { Provider = StoreProvider.PostgreSql, ConnectionString = await postgres.NewDatabaseAsync() };
}
