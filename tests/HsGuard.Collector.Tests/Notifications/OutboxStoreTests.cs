using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Notifications;
using HsGuard.Collector.Store;
using HsGuard.Collector.Tests.Store;
using HsGuard.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Options = Microsoft.Extensions.Options.Options;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary>The outbox's contract, run against SQLite and a real PostgreSQL server: planned once,
/// claimed by one collector at a time, retried when due, given up, taken over after a crash.</summary>
public abstract class OutboxStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);
    private readonly TempDirectory _state = new();
    private StoreOptions _options = null!;

    protected abstract Task<StoreOptions> OptionsAsync();

    public async ValueTask InitializeAsync() => _options = await OptionsAsync();

    public ValueTask DisposeAsync()
    {
        _state.Dispose();
        return ValueTask.CompletedTask;
    }

    private IncidentStore NewStore(string collector = "c1")
    {
        var options = new StoreOptions { Provider = _options.Provider, ConnectionString = _options.ConnectionString, CollectorName = collector };
        var store = new IncidentStore(Options.Create(options), Options.Create(new CollectorOptions { StateDirectory = _state.Path }),
            NullLogger<IncidentStore>.Instance);
        store.Migrate();
        return store;
    }

    private static long Incident(IncidentStore store) => store.Create(new Incident(0, "web1", 1500, "xyz00-web", 4242, 1, T0));

    private static List<PlannedNotice> Notices(long incident, int count = 3) =>
        [.. Enumerable.Range(0, count).Select(i => new PlannedNotice(incident, NoticeStage.Found, NoticeChannel.Email, $"m{i}@example.org",
            NoticeLanguage.De, "Betreff", "Text äöü"))];

    [Fact]
    public void PlanNotices_Twice_EachOnce()
    {
        var store = NewStore();
        long incident = Incident(store);

        Assert.Equal(3, store.PlanNotices(Notices(incident), T0));
        Assert.Equal(0, store.PlanNotices(Notices(incident), T0.AddMinutes(1)));
        Assert.Equal(1, store.PlanNotices([new PlannedNotice(incident, NoticeStage.Suspended, NoticeChannel.Email, "m0@example.org", NoticeLanguage.De, "s", "b")], T0));

        var rows = store.Notices();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(("pending", 0L, T0.ToUnixTimeMilliseconds()), (r.Status, r.Attempts, r.CreatedAt)));
        Assert.Equal("Text äöü", rows[^1].Body);
    }

    [Fact]
    public void ClaimNext_OnlyDueAndUnclaimed_TakenOverWhenTheClaimRunsOut()
    {
        var store = NewStore();
        store.PlanNotices(Notices(Incident(store), 1), T0);

        Assert.Null(store.ClaimNext(T0.AddSeconds(-1), Hold));
        var claimed = store.ClaimNext(T0, Hold);
        Assert.NotNull(claimed);
        Assert.Equal(("c1", "m0@example.org", "de"), (claimed!.ClaimedBy, claimed.Recipient, claimed.Language));
        Assert.Null(store.ClaimNext(T0.AddMinutes(1), Hold));
        Assert.Equal(T0 + Hold, store.NextNoticeDue());

        var other = NewStore("c2");
        var taken = other.ClaimNext(T0 + Hold, Hold);
        Assert.Equal((claimed.Id, "c2"), (taken!.Id, taken.ClaimedBy));
        Assert.False(store.MarkSent(claimed.Id, T0 + Hold));
        Assert.True(other.MarkSent(taken.Id, T0 + Hold));
    }

    [Fact]
    public void MarkFailed_TriedAgainWhenDue_ThenSent()
    {
        var store = NewStore();
        store.PlanNotices(Notices(Incident(store), 1), T0);
        var notice = store.ClaimNext(T0, Hold)!;

        store.MarkFailed(notice.Id, "SMTP 421: try later", T0.AddSeconds(30), giveUp: false);

        Assert.Null(store.ClaimNext(T0.AddSeconds(10), Hold));
        Assert.Equal(T0.AddSeconds(30), store.NextNoticeDue());
        var again = store.ClaimNext(T0.AddSeconds(30), Hold)!;
        Assert.Equal((notice.Id, 1L, "SMTP 421: try later"), (again.Id, again.Attempts, again.LastError));
        Assert.True(store.MarkSent(again.Id, T0.AddSeconds(31)));
        var sent = Assert.Single(store.Notices("sent"));
        Assert.Equal((2L, T0.AddSeconds(31).ToUnixTimeMilliseconds(), (string?)null, (string?)null), (sent.Attempts, sent.SentAt, sent.LastError, sent.ClaimedBy));
        Assert.Null(store.ClaimNext(T0.AddDays(1), Hold));
        Assert.Null(store.NextNoticeDue());
    }

    [Fact]
    public void MarkFailed_GiveUp_FailedForTheHostmasters()
    {
        var store = NewStore();
        store.PlanNotices(Notices(Incident(store), 1), T0);
        var notice = store.ClaimNext(T0, Hold)!;

        store.MarkFailed(notice.Id, "SMTP 550 RecipientNotAccepted", T0.AddSeconds(30), giveUp: true);

        Assert.Null(store.ClaimNext(T0.AddDays(1), Hold));
        var failed = Assert.Single(store.Notices("failed"));
        Assert.Equal(("SMTP 550 RecipientNotAccepted", 1L), (failed.LastError, failed.Attempts));
    }

    [Fact]
    public void ReleaseClaims_AfterACrash_FreeAtOnceOnlyOwn()
    {
        var crashed = NewStore("c1");
        var other = NewStore("c2");
        crashed.PlanNotices(Notices(Incident(crashed), 2), T0);
        crashed.ClaimNext(T0, Hold);
        other.ClaimNext(T0, Hold);

        Assert.Equal(1, NewStore("c1").ReleaseClaims());

        var free = NewStore("c1").ClaimNext(T0, Hold);
        Assert.NotNull(free);
        Assert.Null(NewStore("c1").ClaimNext(T0, Hold));
    }

    [Fact]
    public async Task ClaimNext_TwoCollectorsAtOnce_NeverTheSameNotice()
    {
        var setup = NewStore();
        long incident = Incident(setup);
        setup.PlanNotices(Notices(incident, 150), T0);
        var stores = new[] { NewStore("collector-a"), NewStore("collector-b") };
        using var start = new Barrier(stores.Length);

        var claimed = await Task.WhenAll(stores.Select(store => Task.Run(() =>
        {
            start.SignalAndWait();
            var ids = new List<long>();
            while (store.ClaimNext(T0, Hold) is { } notice)
            {
                ids.Add(notice.Id);
                Assert.True(store.MarkSent(notice.Id, T0));
            }
            return ids;
        })));

        Assert.Empty(claimed[0].Intersect(claimed[1]));
        Assert.Equal(150, claimed[0].Count + claimed[1].Count);
        Assert.Equal(150, setup.Notices("sent").Count);
    }

    [Fact]
    public void LoadUnresolvedNotices_ClosedAfterFoundNoticeBeforeResolved_ComesBack()
    {
        var store = NewStore();
        var book = new IncidentBook(new HsGuard.Collector.Detection.DetectionOptions(), store);
        long told = Incident(store);
        long untold = Incident(store);
        store.PlanNotices(Notices(told, 1), T0);
        foreach (var id in new[] { told, untold })
        {
            var incident = HsGuard.Collector.Detection.Incidents.Incident.Restore(id, "web1", 1500, "xyz00-web", 4242, 1, T0, (4242, 1, "x", "/x"), T0, T0,
                105, Verdict.Suspend, "WARNING", IncidentStatus.Open, new Dictionary<Verdict, DateTimeOffset>(), []);
            book.SetStatus(incident, IncidentStatus.Closed);
        }

        Assert.Equal([told], store.LoadUnresolvedNotices().Select(i => i.Id));
        store.PlanNotices([new PlannedNotice(told, NoticeStage.Resolved, NoticeChannel.Email, "m0@example.org", NoticeLanguage.De, "s", "b")], T0);
        Assert.Empty(store.LoadUnresolvedNotices());
    }
}

public sealed class SqliteOutboxStoreTests : OutboxStoreTests
{
    private readonly TempDirectory _db = new();

    protected override Task<StoreOptions> OptionsAsync() =>
        Task.FromResult(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = _db.Combine("hsguard.db") });
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgreSqlOutboxStoreTests(PostgresFixture postgres) : OutboxStoreTests
{
    protected override async Task<StoreOptions> OptionsAsync() =>
        new() { Provider = StoreProvider.PostgreSql, ConnectionString = await postgres.NewDatabaseAsync() };
}
