using System.Text.Json;
using Dapper;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Store;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Options = Microsoft.Extensions.Options.Options;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary>
/// What users run, killed: hsguard-collector as a process (plain text gRPC on loopback, SQLite in a
/// temporary state directory, a real SMTP server) takes miners from a hand-made agent and is
/// killed with SIGKILL at random moments while it writes incidents, decides, and sends notices,
/// then started again on the same state. At the end every miner the agent had acknowledged has
/// its incident once, with its decision, and every notice due arrived at the SMTP server.
/// </summary>
[Collection(LiveProcesses.Collection)]
public sealed class CrashSafetyTests : IAsyncDisposable
{
    private const int Miners = 24;
    private const int Kills = 5;
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TempDirectory _dir = new("hsguard-crash-");
    private readonly int _port = LoopbackPorts.Free();
    private readonly List<string> _outputs = [];
    private SmtpServer? _smtp;
    private RunningProgram? _collector;

    public async ValueTask DisposeAsync()
    {
        _collector?.Dispose();
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
        _dir.Dispose();
    }

    /// <summary>Who each miner's user belongs to: two members (German, English) and a user no member is known for.</summary>
    private static (string User, uint Uid, string[] Recipients) Owner(int i) => (i % 3) switch
    {
        0 => ("xyz00-web", 1500, [NoticeRig.GermanMember, NoticeRig.Hostmaster]),
        1 => ("abc01-shop", 1600, [NoticeRig.EnglishMember, NoticeRig.EnglishMember2, NoticeRig.Hostmaster]),
        _ => ("legacy", 1700, [NoticeRig.Hostmaster]),
    };

    [Fact]
    public async Task Collector_KilledAtRandomMomentsAndRestarted_NothingLostNothingDoubled()
    {
        _smtp = await SmtpServer.StartAsync();
        await File.WriteAllTextAsync(_dir.Combine("members.yaml"), NoticeRig.MembersYaml, _cancel);
        string config = WriteConfig();
        _collector = await StartCollectorAsync(config);
        await using var agent = new HandAgent($"http://127.0.0.1:{_port}", "web1");
        agent.Start();
        var random = new Random(Environment.TickCount);
        var pids = Enumerable.Range(0, Miners).Select(i => 20_000 + i).ToList();

        // Miners come in a steady trickle; the collector is killed at random moments in between.
        var adding = Task.Run(async () =>
        {
            for (int i = 0; i < Miners; i++)
            {
                var (user, uid, _) = Owner(i);
                await agent.AddMinerAsync(HandAgent.Miner(pids[i], user, uid));
                await Task.Delay(random.Next(50, 400), _cancel);
            }
        }, _cancel);
        for (int kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(random.Next(300, 1500), _cancel);
            _collector.Kill();
            _outputs.Add(_collector.Output);
            _collector.Dispose();
            _collector = await StartCollectorAsync(config);
        }
        await adding;

        var store = Store();
        await WaitAsync(() => agent.AckedMiners == Miners, "every miner to be acknowledged", store);
        await WaitAsync(() => Incidents().Count == Miners && store.Notices().Count > 0 && store.Notices().All(n => n.Status == "sent"),
            "every incident's notices to be sent", store);
        await Task.Delay(TimeSpan.FromSeconds(1), _cancel);   // a copy sent twice would come now

        // Every incident the agent's acknowledged batches produced exists, once.
        var incidents = Incidents();
        Assert.Equal(pids.Order(), incidents.Select(i => (int)i.RootPid).Order());
        // Every decision is there, once; no command was issued twice.
        var actions = Actions();
        foreach (var incident in incidents)
        {
            var own = actions.Where(a => a.IncidentId == incident.Id).ToList();
            Assert.True(own.Count(a => a.Kind == "decision") == 1,
                $"incident {incident.Id}: {string.Join("; ", own.Select(a => a.Kind + " " + a.Detail))}\n{Output()}");
            Assert.True(own.Count(a => a.Kind == "suspend") <= 1, $"incident {incident.Id} suspended twice");
        }
        // Every notice due, by the state the store ended with, is in the outbox once and arrived.
        var notices = store.Notices();
        var expected = new HashSet<(long, string, string)>();
        foreach (var incident in incidents)
        {
            int i = pids.IndexOf((int)incident.RootPid);
            bool suspended = actions.Any(a => a.IncidentId == incident.Id && a.Kind == "suspend" && a.Status == "done");
            foreach (string recipient in Owner(i).Recipients)
            {
                expected.Add((incident.Id, "found", recipient));
                if (suspended)
                {
                    expected.Add((incident.Id, "suspended", recipient));
                }
            }
        }
        Assert.Equal(expected.Order(), notices.Select(n => (n.IncidentId, n.Stage, n.Recipient)).Order());
        var received = _smtp.Received().Select(m => (Mail: m, Message: MimeMessage.Load(new MemoryStream(m.Raw)))).ToList();
        var byKey = received.GroupBy(r => r.Message.MessageId ?? "").ToDictionary(g => g.Key, g => g.ToList());
        foreach (var notice in notices)
        {
            Assert.True(byKey.TryGetValue($"{notice.Key}@hoster.example", out var copies), $"notice {notice.Id} never arrived\n{Output()}");
            Assert.All(copies, c => Assert.Equal([notice.Recipient], c.Mail.To));
        }
        Assert.Equal(notices.Count, byKey.Count);
        // Exactly once, but for the one window no mail protocol closes: the server accepted a
        // message and the collector died before marking it sent. Such a copy carries the same
        // Message-ID, and each kill can make at most the one notice in flight arrive twice.
        int again = received.Count - byKey.Count;
        Assert.True(again <= Kills, $"{again} copies sent twice in {Kills} kills");
        Assert.All(byKey.Values, copies => Assert.True(copies.Count <= 2));
        TestContext.Current.TestOutputHelper?.WriteLine($"{Miners} miners, {Kills} kills, {notices.Count} notices, {again} sent again in the crash window");
    }

    private string WriteConfig()
    {
        string path = _dir.Combine("collector.json");
        var smtp = _smtp!.Settings().ToDictionary(s => s.Key.Split(':')[^1], s => s.Value);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Collector = new
            {
                StateDirectory = _dir.Combine("state"),
                Grpc = new { Listen = $"127.0.0.1:{_port}", PlaintextOnLoopback = true },
                Tls = new { ServerNames = new[] { "127.0.0.1" } },
                Response = new { Mode = "Enforce", PerHostActions = 1000, GlobalActions = 1000 },
                Members = new { File = _dir.Combine("members.yaml") },
                Notifications = new
                {
                    Smtp = smtp,
                    Hostmasters = new { Emails = new[] { NoticeRig.Hostmaster }, Contact = NoticeRig.Contact },
                    Outbox = new { PollInterval = "00:00:00.200", RetryMinDelay = "00:00:00.200", RetryMaxDelay = "00:00:01" },
                },
            },
        }));
        return path;
    }

    private Task<RunningProgram> StartCollectorAsync(string config) =>
        HsGuardProgram.StartListeningAsync(HsGuardProgram.Collector, ["run", "--config", config], _port, _cancel);

    private async Task WaitAsync(Func<bool> condition, string what, IncidentStore store)
    {
        try
        {
            await Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(60), _cancel);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var incidents = Incidents();
            throw new Xunit.Sdk.XunitException($"{e.Message}\nincidents: {string.Join(", ", incidents.Select(i => $"{i.Id}:{i.RootPid}"))}\n"
                + $"notices: {string.Join("\n", store.Notices().Select(n => $"{n.Id} {n.IncidentId} {n.Stage} {n.Recipient} {n.Status} {n.Attempts} {n.ClaimedBy} {n.ClaimedUntil} {n.NextAttemptAt} {n.LastError}"))}\n"
                + Output());
        }
    }

    private string Output() => string.Join("\n--- killed; started again ---\n", [.. _outputs, _collector?.Output ?? ""]);

    private IncidentStore Store() => new(
        Options.Create(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = _dir.Combine("state", "hsguard.db") }),
        Options.Create(new CollectorOptions { StateDirectory = _dir.Combine("state") }), NullLogger<IncidentStore>.Instance);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_dir.Combine("state", "hsguard.db")}");
        connection.Open();
        return connection;
    }

    private List<IncidentRow> Incidents()
    {
        using var connection = Open();
        return connection.Query<IncidentRow>("SELECT id, root_pid AS RootPid, user_name AS UserName FROM incidents").ToList();
    }

    private List<ActionRow> Actions()
    {
        using var connection = Open();
        return connection.Query<ActionRow>("SELECT incident_id AS IncidentId, kind AS Kind, detail AS Detail, status AS Status FROM actions").ToList();
    }

    private sealed class IncidentRow
    {
        public long Id { get; set; }
        public long RootPid { get; set; }
        public string UserName { get; set; } = "";
    }

    private sealed class ActionRow
    {
        public long IncidentId { get; set; }
        public string Kind { get; set; } = "";
        public string Detail { get; set; } = "";
        public string? Status { get; set; }
    }
}
