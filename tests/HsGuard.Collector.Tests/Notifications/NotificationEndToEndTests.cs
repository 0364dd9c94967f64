using System.Text.RegularExpressions;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Members;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary>
/// Notices through real servers: the collector in process receives miners from a hand-made agent,
/// suspends them, and its notices reach a real SMTP server (STARTTLS, AUTH) and a real webhook
/// listener on loopback. What arrived is read back and checked: recipient, language, content.
/// </summary>
public sealed partial class NotificationEndToEndTests : IAsyncDisposable
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private NoticeRig? _rig;

    public async ValueTask DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }
    }

    private async Task<NoticeRig> StartAsync(params (string Key, string Value)[] settings) => _rig = await NoticeRig.StartAsync(settings);

    private static string Text(MimeMessage message) => message.TextBody!.ReplaceLineEndings("\n");

    [Fact]
    public async Task MemberNotice_GermanAndEnglishMembers_EachInTheirLanguageWithFactsAndInstructions()
    {
        var rig = await StartAsync();

        await rig.Agent.AddMinerAsync(HandAgent.Miner(4242, "xyz00-web", 1500));
        await rig.Agent.AddMinerAsync(HandAgent.Miner(4343, "abc01-web", 1600));
        await rig.WaitForMailAsync(NoticeRig.GermanMember, 2, _cancel);
        await rig.WaitForMailAsync(NoticeRig.EnglishMember, 2, _cancel);
        await rig.WaitForMailAsync(NoticeRig.EnglishMember2, 2, _cancel);

        var german = rig.MailTo(NoticeRig.GermanMember);
        var found = german.Single(m => m.Headers["X-HsGuard-Stage"] == "found");
        Assert.Equal("de", found.Body!.Headers["Content-Language"]);
        Assert.Contains("Sicherheitswarnung", found.Subject, StringComparison.Ordinal);
        Assert.Contains("xyz00-web auf web1", found.Subject, StringComparison.Ordinal);
        string text = Text(found);
        Assert.Contains("Guten Tag Beispiel eG", text, StringComparison.Ordinal);
        Assert.Contains("unter Ihrem Benutzer xyz00-web auf dem Server web1", text, StringComparison.Ordinal);
        Assert.Contains("- Das Programm tarnt sich mit dem Namen eines Prozesses des Betriebssystemkerns.", text, StringComparison.Ordinal);
        Assert.Contains("Ordner für temporäre Dateien", text, StringComparison.Ordinal);
        Assert.Contains("kthreaddi (Prozess 4242), gestartet aus /tmp/.x/kthreaddi", text, StringComparison.Ordinal);
        Assert.Contains("WordPress, TYPO3, Joomla", text, StringComparison.Ordinal);
        Assert.Contains("Cronjobs", text, StringComparison.Ordinal);
        Assert.Contains("Ändern Sie Ihre Passwörter", text, StringComparison.Ordinal);
        Assert.Contains("So erreichen Sie die Hostmaster: " + NoticeRig.Contact, text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.Equal(("HsGuard", "hsguard@hoster.example"), (found.From.Mailboxes.Single().Name, found.From.Mailboxes.Single().Address));
        Assert.Matches(MessageId(), found.MessageId);
        Assert.Equal("auto-generated", found.Headers["Auto-Submitted"]);
        var suspended = Text(german.Single(m => m.Headers["X-HsGuard-Stage"] == "suspended"));
        Assert.Contains("angehalten", suspended, StringComparison.Ordinal);
        Assert.Contains("- 4242 kthreaddi stopped", suspended, StringComparison.Ordinal);
        Assert.Contains("nicht beendet: Es wurde nichts gelöscht", suspended, StringComparison.Ordinal);

        var english = rig.MailTo(NoticeRig.EnglishMember);
        var enFound = english.Single(m => m.Headers["X-HsGuard-Stage"] == "found");
        Assert.Equal("en", enFound.Body!.Headers["Content-Language"]);
        Assert.Contains("Security alert", enFound.Subject, StringComparison.Ordinal);
        string enText = Text(enFound);
        Assert.Contains("Hello Example Ltd", enText, StringComparison.Ordinal);
        Assert.Contains("under your user abc01-web on the server web1", enText, StringComparison.Ordinal);
        Assert.Contains("- The program disguises itself with the name of a process of the operating system's kernel.", enText, StringComparison.Ordinal);
        Assert.Contains("kthreaddi (process 4343), started from /tmp/.x/kthreaddi", enText, StringComparison.Ordinal);
        Assert.Contains("Change your passwords", enText, StringComparison.Ordinal);
        Assert.Contains("How to reach the hostmasters: " + NoticeRig.Contact, enText, StringComparison.Ordinal);
        Assert.Contains("Paused means stopped, not ended", Text(english.Single(m => m.Headers["X-HsGuard-Stage"] == "suspended")), StringComparison.Ordinal);
        // Each address its own message, neither sees the other nor the other member's.
        Assert.All(rig.Smtp.Received().Where(m => m.To.Contains(NoticeRig.EnglishMember2)), m => Assert.Equal([NoticeRig.EnglishMember2], m.To));
        Assert.DoesNotContain(rig.MailTo(NoticeRig.GermanMember), m => Text(m).Contains("abc01", StringComparison.Ordinal));
        Assert.All(rig.Smtp.Received(), m => Assert.True(m.Secure && m.AuthenticatedUser == "hsguard", "TLS and AUTH"));
    }

    [Fact]
    public async Task HostmasterAlert_EmailAndWebhook_FactsMemberAndIdempotencyKey()
    {
        var rig = await StartAsync();

        await rig.Agent.AddMinerAsync(HandAgent.Miner(4242, "xyz00-web", 1500));
        await rig.WaitForMailAsync(NoticeRig.Hostmaster, 2, _cancel);
        await Support.Eventually.HoldsAsync(() => rig.Webhook.Received.Count >= 2, "two webhook posts", TimeSpan.FromSeconds(10), _cancel);

        var alert = rig.MailTo(NoticeRig.Hostmaster).Single(m => m.Headers["X-HsGuard-Stage"] == "found");
        long id = long.Parse(alert.Headers["X-HsGuard-Incident"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"[HsGuard] suspend #{id} on web1: xyz00-web (xyz00 (Beispiel eG))", alert.Subject);
        Assert.Equal("en", alert.Body!.Headers["Content-Language"]);
        string text = Text(alert);
        Assert.StartsWith($"Incident {id}: verdict suspend, severity WARNING, score 105", text, StringComparison.Ordinal);
        Assert.Contains($"https://hsguard.example.org/incidents/{id}", text, StringComparison.Ordinal);
        Assert.Contains("Process:  kthreaddi (pid 4242), /tmp/.x/kthreaddi", text, StringComparison.Ordinal);
        Assert.Contains("- Kernel thread name on a user program (weight 60, WARNING): kthreaddi", text, StringComparison.Ordinal);

        var posts = rig.Webhook.Received.ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.StartsWith("application/json", p.ContentType, StringComparison.Ordinal));
        Assert.Equal(2, posts.Select(p => p.IdempotencyKey).Distinct().Count());
        Assert.All(posts, p => Assert.Matches("^hsguard-[0-9]+-[0-9]+$", p.IdempotencyKey!));
        var body = posts.Single(p => p.Body.GetProperty("stage").GetString() == "found").Body;
        Assert.Equal(id, body.GetProperty("incident_id").GetInt64());
        Assert.Equal($"https://hsguard.example.org/incidents/{id}", body.GetProperty("incident_url").GetString());
        Assert.Equal(("web1", "xyz00-web", 1500u), (body.GetProperty("host").GetString(), body.GetProperty("user").GetString(), body.GetProperty("uid").GetUInt32()));
        Assert.True(body.GetProperty("member_known").GetBoolean());
        Assert.Equal(("xyz00", "de"), (body.GetProperty("member").GetProperty("name").GetString(), body.GetProperty("member").GetProperty("language").GetString()));
        Assert.Equal(("suspend", "WARNING", 105), (body.GetProperty("verdict").GetString(), body.GetProperty("severity").GetString(), body.GetProperty("score").GetInt32()));
        Assert.Equal(["Kernel thread name on a user program", "Executable in a temporary directory"],
            body.GetProperty("rules").EnumerateArray().Select(r => r.GetString()!));
        var offender = body.GetProperty("offender");
        Assert.Equal((4242, "kthreaddi", "/tmp/.x/kthreaddi"), (offender.GetProperty("pid").GetInt32(), offender.GetProperty("comm").GetString(), offender.GetProperty("exe").GetString()));
        Assert.Contains(alert.Subject!, body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("suspended", posts.Single(p => p.Body.GetProperty("stage").GetString() != "found").Body.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task UnknownMember_OnlyHostmastersToldAndFlagged()
    {
        var rig = await StartAsync();

        await rig.Agent.AddMinerAsync(HandAgent.Miner(4545, "legacy", 1700));
        await rig.WaitForMailAsync(NoticeRig.Hostmaster, 2, _cancel);
        await Support.Eventually.HoldsAsync(() => rig.Webhook.Received.Count >= 2, "two webhook posts", TimeSpan.FromSeconds(10), _cancel);

        var alert = rig.MailTo(NoticeRig.Hostmaster).Single(m => m.Headers["X-HsGuard-Stage"] == "found");
        Assert.EndsWith("legacy (UNKNOWN MEMBER)", alert.Subject, StringComparison.Ordinal);
        Assert.StartsWith("!!! No member is known for user legacy on web1: only the hostmasters were told", Text(alert), StringComparison.Ordinal);
        Assert.Contains("Member:   UNKNOWN MEMBER", Text(alert), StringComparison.Ordinal);
        var body = rig.Webhook.Received.First().Body;
        Assert.False(body.GetProperty("member_known").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("member").ValueKind);
        Assert.Contains("not a package", body.GetProperty("member_source").GetString(), StringComparison.Ordinal);
        // Only the hostmaster's address got mail.
        Assert.All(rig.Smtp.Received(), m => Assert.Equal([NoticeRig.Hostmaster], m.To));
        await rig.Server.Log.WaitForAsync(9405, "no member is known for user legacy");
        // Listed for the hostmasters.
        var directory = rig.Server.Services.GetRequiredService<MemberDirectory>();
        var unknown = rig.Store.IncidentUsers().Where(u => !directory.Resolve(u.Host, u.User).Known).ToList();
        Assert.Equal(("web1", "legacy", 1L), (Assert.Single(unknown).Host, unknown[0].User, unknown[0].Incidents));
    }

    [Fact]
    public async Task Notices_VerdictRisesStatusChangesAndRestart_OncePerRecipientAndStage()
    {
        var rig = await StartAsync();
        // First an alert (a kernel thread's name, run from /usr/local/bin), then a child of it run
        // from /tmp joins the same incident and its verdict rises to suspend.
        var parent = HandAgent.Miner(5000, "xyz00-web", 1500);
        parent.Exe = "/usr/local/bin/kthreaddi";
        await rig.Agent.AddMinerAsync(parent);
        await rig.WaitForMailAsync(NoticeRig.GermanMember, 1, _cancel);
        var child = HandAgent.Miner(5001, "xyz00-web", 1500);
        child.Ppid = 5000;
        await rig.Agent.AddMinerAsync(child);
        await rig.WaitForMailAsync(NoticeRig.GermanMember, 2, _cancel);
        var incident = Assert.Single(rig.Server.Services.GetRequiredService<IncidentBook>().All);
        Assert.Equal(Verdict.Suspend, incident.Verdict);
        // Every channel done before counting: mail and webhook are sent independently, so the
        // member's second mail can arrive before the webhook's second post.
        await Support.Eventually.HoldsAsync(() => rig.Store.Notices() is { Count: > 0 } n && n.All(x => x.Status == "sent"),
            "every notice sent", TimeSpan.FromSeconds(20), _cancel);
        int before = rig.Smtp.Received().Count;
        int hooks = rig.Webhook.Received.Count;

        await rig.StopCollectorAsync();
        await rig.StartCollectorAsync();
        await Support.Eventually.HoldsAsync(() => rig.Agent.AckedMiners == 2, "the agent to be heard again", TimeSpan.FromSeconds(10), _cancel);
        await rig.Server.Log.WaitForAsync(9411, "incidents looked at, 0 missing notices planned");
        await Task.Delay(TimeSpan.FromSeconds(1), _cancel);

        Assert.Equal(before, rig.Smtp.Received().Count);
        Assert.Equal(hooks, rig.Webhook.Received.Count);
        var stages = rig.MailTo(NoticeRig.GermanMember).Select(m => m.Headers["X-HsGuard-Stage"]).Order().ToList();
        Assert.Equal(["found", "suspended"], stages);
        Assert.Equal(2, rig.MailTo(NoticeRig.Hostmaster).Count);
        var notices = rig.Store.Notices();
        Assert.Equal(notices.Count, notices.Select(n => (n.IncidentId, n.Stage, n.Channel, n.Recipient)).Distinct().Count());
        Assert.All(notices, n => Assert.Equal(("sent", 1L), (n.Status, n.Attempts)));
    }

    [Fact]
    public async Task SmtpDownThenUp_NoticeArrivesOnceLate()
    {
        var rig = await StartAsync();
        await rig.Smtp.StopAsync();

        await rig.Agent.AddMinerAsync(HandAgent.Miner(4242, "abc01-web", 1600));
        await Support.Eventually.HoldsAsync(() => rig.Store.Notices().Any(n => n.Channel == "email" && n.Attempts >= 2 && n.LastError is not null),
            "e-mail notices to fail twice", TimeSpan.FromSeconds(20), _cancel);
        Assert.Empty(rig.Smtp.Received());
        Assert.All(rig.Store.Notices(), n => Assert.NotEqual("sent", n.Channel == "email" ? n.Status : "pending"));

        await rig.Smtp.StartAsync();
        await rig.WaitForMailAsync(NoticeRig.EnglishMember, 2, _cancel);
        await Support.Eventually.HoldsAsync(() => rig.Store.Notices().All(n => n.Status == "sent"), "every notice sent", TimeSpan.FromSeconds(20), _cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), _cancel);

        Assert.Equal(["found", "suspended"], rig.MailTo(NoticeRig.EnglishMember).Select(m => m.Headers["X-HsGuard-Stage"]).Order());
        Assert.Equal(rig.Store.Notices().Count(n => n.Channel == "email"), rig.Smtp.Received().Count);
        Assert.Contains(rig.Store.Notices(), n => n.Channel == "email" && n.Attempts >= 2);
        await rig.Server.Log.WaitForAsync(9407, "failed, try 1");
    }

    [Fact]
    public async Task ObserveMode_NobodyIsTold()
    {
        var rig = await StartAsync(("Collector:Response:Mode", "Observe"));

        await rig.Agent.AddMinerAsync(HandAgent.Miner(4242, "xyz00-web", 1500));
        await Support.Eventually.HoldsAsync(() => rig.Agent.AckedMiners == 1, "the miner to be applied", TimeSpan.FromSeconds(10), _cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), _cancel);

        Assert.Equal(Verdict.Suspend, Assert.Single(rig.Server.Services.GetRequiredService<IncidentBook>().All).Verdict);
        Assert.Empty(rig.Store.Notices());
        Assert.Empty(rig.Smtp.Received());
        Assert.Empty(rig.Webhook.Received);
    }

    [Fact]
    public async Task Webhook_AnswersAnError_KeptAndTriedAgainUntilAccepted()
    {
        var rig = await StartAsync();
        rig.Webhook.Status = 503;

        await rig.Agent.AddMinerAsync(HandAgent.Miner(4242, "xyz00-web", 1500));
        await Support.Eventually.HoldsAsync(() => rig.Store.Notices().Any(n => n.Channel == "webhook" && n.LastError?.Contains("HTTP 503", StringComparison.Ordinal) == true),
            "the webhook's error to be kept", TimeSpan.FromSeconds(10), _cancel);
        rig.Webhook.Status = 204;

        await Support.Eventually.HoldsAsync(() => rig.Webhook.Received.Count == 2, "both webhook notices", TimeSpan.FromSeconds(10), _cancel);
        Assert.Equal(2, rig.Webhook.Received.Select(p => p.IdempotencyKey).Distinct().Count());
    }

    [GeneratedRegex("^hsguard-[0-9]+-[0-9]+@hoster\\.example$")]
    private static partial Regex MessageId();
}
