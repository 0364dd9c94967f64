using HsGuard.Collector.Store;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary>
/// What the notification tests run against: the real collector in process (plain text gRPC on
/// loopback, SQLite in its state directory), a real SMTP server with TLS and AUTH, a real webhook
/// listener, a members file with a German and an English member, and a hand-made agent.
/// </summary>
internal sealed class NoticeRig : IAsyncDisposable
{
    public const string Hostmaster = "hostmaster@hoster.example";
    public const string Contact = "hostmaster@hoster.example, +49 40 555 0100";
    public const string GermanMember = "it@beispiel.example";
    public const string EnglishMember = "ops@example.com";
    public const string EnglishMember2 = "cto@example.com";

    public const string MembersYaml = """
        members:
          - name: xyz00
            display_name: Beispiel eG
            emails: [it@beispiel.example]
            language: de
          - name: abc01
            display_name: Example Ltd
            emails: [ops@example.com, cto@example.com]
            language: en
        """;

    private readonly int _port = LoopbackPorts.Free();
    private bool _running;

    private NoticeRig(SmtpServer smtp, WebhookReceiver webhook, TempDirectory directory)
    {
        Smtp = smtp;
        Webhook = webhook;
        Directory = directory;
        Agent = new HandAgent($"http://127.0.0.1:{_port}", "web1");
    }

    public SmtpServer Smtp { get; }

    public WebhookReceiver Webhook { get; }

    public TempDirectory Directory { get; }

    public CollectorServer Server { get; private set; } = null!;

    /// <summary>Connected to whichever collector runs on the port, reconnecting after a restart.</summary>
    public HandAgent Agent { get; }

    public IncidentStore Store => Server.Services.GetRequiredService<IncidentStore>();

    public static async Task<NoticeRig> StartAsync(params (string Key, string Value)[] settings)
    {
        var smtp = await SmtpServer.StartAsync();
        var webhook = await WebhookReceiver.StartAsync();
        var rig = new NoticeRig(smtp, webhook, new TempDirectory());
        await File.WriteAllTextAsync(rig.Directory.Combine("members.yaml"), MembersYaml);
        await rig.StartCollectorAsync(settings);
        rig.Agent.Start();
        return rig;
    }

    /// <summary>(Re)starts the collector on the same state directory and port; the agent reconnects to it.</summary>
    public async Task StartCollectorAsync(params (string Key, string Value)[] settings)
    {
        Server = await CollectorServer.StartAsync(
        [
            ("Collector:StateDirectory", Directory.Combine("state")),
            ("Collector:Grpc:Listen", $"127.0.0.1:{_port}"),
            ("Collector:Grpc:PlaintextOnLoopback", "true"),
            ("Collector:Response:Mode", "Enforce"),
            ("Collector:Members:File", Directory.Combine("members.yaml")),
            .. Smtp.Settings(),
            ("Collector:Notifications:Hostmasters:Emails:0", Hostmaster),
            ("Collector:Notifications:Hostmasters:Contact", Contact),
            ("Collector:Notifications:Hostmasters:WebhookUrl", Webhook.Url),
            ("Collector:Notifications:IncidentUrlTemplate", "https://hsguard.example.org/incidents/{id}"),
            ("Collector:Notifications:Outbox:RetryMinDelay", "00:00:00.500"),
            ("Collector:Notifications:Outbox:RetryMaxDelay", "00:00:01"),
            ("Collector:Notifications:Outbox:PollInterval", "00:00:00.200"),
            .. settings,
        ]);
        _running = true;
    }

    public async Task StopCollectorAsync()
    {
        if (_running)
        {
            _running = false;
            await Server.DisposeAsync();
        }
    }

    /// <summary>The messages that reached <paramref name="recipient"/>, parsed.</summary>
    public List<MimeMessage> MailTo(string recipient) =>
        Smtp.Received().Where(m => m.To.Contains(recipient)).Select(m => MimeMessage.Load(new MemoryStream(m.Raw))).ToList();

    public async Task WaitForMailAsync(string recipient, int count, CancellationToken cancel) =>
        await Eventually.HoldsAsync(() => MailTo(recipient).Count >= count,
            $"{count} messages to {recipient} (have {MailTo(recipient).Count}; the outbox: "
            + string.Join("; ", Store.Notices().Select(n => $"{n.Id} {n.Stage} {n.Channel} {n.Recipient} {n.Status} {n.LastError}")) + ")",
            TimeSpan.FromSeconds(20), cancel);

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await StopCollectorAsync();
        await Webhook.DisposeAsync();
        await Smtp.DisposeAsync();
        Directory.Dispose();
    }
}
