using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Members;
using HsGuard.Collector.Notifications;
using HsGuard.Collector.Notifications.Templates;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary>The templates: the shipped ones load and say what they must, a hoster's replace them
/// file by file, and every mistake is found at load with its file and line.</summary>
public sealed class NoticeTemplateTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static TemplateSet Shipped()
    {
        var errors = new List<RuleError>();
        var set = TemplateSet.Load(TemplateSet.ShippedDirectory, null, errors);
        Assert.True(set is not null, string.Join("\n", errors));
        return set!;
    }

    private static IncidentFacts Facts(string comm = "kthreaddi", IncidentStatus status = IncidentStatus.Open, bool suspended = false) => new(
        42, "web1", 1500, "xyz00-web", Verdict.Suspend, "WARNING", 105, status,
        [
            new Finding("Kernel thread name on a user program", 60, "WARNING", [], 4242, 1, "kthreaddi looks like kthreadd", T0),
            new Finding("Executable in a temporary directory", 45, "WARNING", [], 4242, 1, "runs /tmp/.x/kthreaddi", T0),
        ],
        4242, comm, "/tmp/.x/kthreaddi", T0, T0.AddSeconds(2), T0.AddSeconds(-5), suspended, suspended ? "SIGSTOP" : null,
        suspended ? ["4242 kthreaddi stopped"] : []);

    private static MemberLookup Known => new(new Member("xyz00", "Beispiel eG", ["it@beispiel.example"], NoticeLanguage.De), "xyz00", "Hostsharing name xyz00");

    private static NotificationsOptions Options() => new()
    {
        IncidentUrlTemplate = "https://hsguard.example.org/incidents/{id}",
        Smtp = { Host = "127.0.0.1", From = "hsguard@hoster.example" },
        Hostmasters = { Emails = ["hostmaster@hoster.example"], Contact = "hostmaster@hoster.example, +49 40 555 0100", WebhookUrl = "https://chat.example/hook" },
    };

    [Fact]
    public void Load_Shipped_EveryTemplateAndEveryShippedRuleInBothLanguages()
    {
        var set = Shipped();
        var rules = RuleLoader.Load([RulesOptions.ShippedDirectory]).RuleSet!.Rules;

        foreach (var rule in rules)
        {
            Assert.NotEqual(rule.Name, set.Signals.Phrase(rule.Name, NoticeLanguage.De));
            Assert.NotEqual(rule.Name, set.Signals.Phrase(rule.Name, NoticeLanguage.En));
        }
        Assert.Equal("A hoster's own rule", set.Signals.Phrase("A hoster's own rule", NoticeLanguage.De));
    }

    [Fact]
    public void Render_HostmasterTemplate_ValuesInPlaceNoPlaceholderLeft()
    {
        var notices = new NoticePlanner(Options(), Shipped()).Plan(Facts(), Known);

        var alert = notices.Single(n => n is { Stage: NoticeStage.Found, Recipient: "hostmaster@hoster.example" });
        Assert.Equal("[HsGuard] suspend #42 on web1: xyz00-web (xyz00 (Beispiel eG))", alert.Subject);
        Assert.StartsWith("Incident 42: verdict suspend, severity WARNING, score 105, status open\nhttps://hsguard.example.org/incidents/42\n", alert.Body,
            StringComparison.Ordinal);
        Assert.DoesNotContain("{{", alert.Body, StringComparison.Ordinal);
        Assert.Contains("- Executable in a temporary directory (weight 45, WARNING): runs /tmp/.x/kthreaddi", alert.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ProcessNameWithLineBreaks_CannotWriteLinesOfItsOwn()
    {
        var notices = new NoticePlanner(Options(), Shipped()).Plan(Facts(comm: "x\nSubject: pay us\r\nBcc: all@x"), Known);

        var member = notices.Single(n => n is { Stage: NoticeStage.Found, Recipient: "it@beispiel.example" });
        Assert.Contains("x?Subject: pay us??Bcc: all@x (Prozess 4242)", member.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\nBcc:", member.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", notices.Single(n => n.Channel == NoticeChannel.Webhook && n.Stage == NoticeStage.Found).Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IncidentStatus.Open, false, new[] { NoticeStage.Found })]
    [InlineData(IncidentStatus.Suspended, true, new[] { NoticeStage.Found, NoticeStage.Suspended })]
    [InlineData(IncidentStatus.Resumed, true, new[] { NoticeStage.Found, NoticeStage.Suspended })]
    [InlineData(IncidentStatus.Killed, false, new[] { NoticeStage.Found })]
    [InlineData(IncidentStatus.Closed, true, new[] { NoticeStage.Found, NoticeStage.Suspended, NoticeStage.Resolved })]
    [InlineData(IncidentStatus.FalsePositive, false, new[] { NoticeStage.Found, NoticeStage.Resolved })]
    public void DueStages_ByState(IncidentStatus status, bool suspended, NoticeStage[] expected)
    {
        Assert.Equal(expected, NoticePlanner.DueStages(Facts(status: status, suspended: suspended)));
    }

    [Fact]
    public void DueStages_RecordOnly_NobodyIsTold()
    {
        Assert.Empty(NoticePlanner.DueStages(Facts() with { Verdict = Verdict.Record }));
    }

    [Fact]
    public void Plan_Recipients_MemberInTheirLanguageHostmastersAndWebhook()
    {
        var notices = new NoticePlanner(Options(), Shipped()).Plan(Facts(status: IncidentStatus.FalsePositive), Known);

        Assert.Equal(
        [
            ("found", "email", "it@beispiel.example", NoticeLanguage.De), ("found", "email", "hostmaster@hoster.example", NoticeLanguage.En),
            ("found", "webhook", "hostmasters", NoticeLanguage.En),
            ("resolved", "email", "it@beispiel.example", NoticeLanguage.De), ("resolved", "email", "hostmaster@hoster.example", NoticeLanguage.En),
            ("resolved", "webhook", "hostmasters", NoticeLanguage.En),
        ], notices.Select(n => (n.Stage.ToString().ToLowerInvariant(), n.Channel.ToString().ToLowerInvariant(), n.Recipient, n.Language)));
        Assert.Contains("als Fehlalarm eingestuft", notices.Single(n => n is { Stage: NoticeStage.Resolved, Recipient: "it@beispiel.example" }).Body,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UnknownMemberNoWebhookNoSmtp_WhatIsLeft()
    {
        var options = Options();
        var unknown = new MemberLookup(null, null, "no entry");

        var hostmastersOnly = new NoticePlanner(options, Shipped()).Plan(Facts(), unknown);
        options.Smtp.Host = null;
        var webhookOnly = new NoticePlanner(options, Shipped()).Plan(Facts(), unknown);

        Assert.Equal(["hostmaster@hoster.example", "hostmasters"], hostmastersOnly.Select(n => n.Recipient));
        Assert.Contains("UNKNOWN MEMBER", hostmastersOnly[0].Subject, StringComparison.Ordinal);
        Assert.Equal([NoticeChannel.Webhook], webhookOnly.Select(n => n.Channel));
    }

    [Fact]
    public void Load_HostersTemplate_ReplacesThatFileOnly()
    {
        File.WriteAllText(_dir.Combine("member-found.en.txt"), "Subject: Trouble with {{user}}\n\n{{host}} {{user}}: write to {{hostmaster.contact}}\n");
        var errors = new List<RuleError>();

        var set = TemplateSet.Load(TemplateSet.ShippedDirectory, _dir.Path, errors)!;

        Assert.Empty(errors);
        var (subject, body) = set.Get(NoticeAudience.Member, NoticeStage.Found, NoticeLanguage.En)
            .Render(new Dictionary<string, string> { ["user"] = "abc01-web", ["host"] = "web1", ["hostmaster.contact"] = "hm@x.example" });
        Assert.Equal(("Trouble with abc01-web", "web1 abc01-web: write to hm@x.example\n"), (subject, body));
        Assert.Contains("Sicherheitswarnung", set.Get(NoticeAudience.Member, NoticeStage.Found, NoticeLanguage.De)
            .Render(new Dictionary<string, string>()).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedTemplates_EveryErrorWithFileAndLine()
    {
        File.WriteAllText(_dir.Combine("member-found.de.txt"), "Hallo {{user}}\n");
        File.WriteAllText(_dir.Combine("member-found.en.txt"), "Subject: Alert on {{hots}}\n\nuser {{user}}\nask {{hostmaster.contact}} about {{host\n");
        File.WriteAllText(_dir.Combine("hostmaster-resolved.en.txt"), "Subject: done\n\n{{incident.id}} {{host}} {{user}}\n");
        File.WriteAllText(_dir.Combine("signals.yaml"), "Deleted executable:\n  de: Gelöscht.\n  fr: Supprimé.\n");
        var errors = new List<RuleError>();

        Assert.Null(TemplateSet.Load(TemplateSet.ShippedDirectory, _dir.Path, errors));

        var found = errors.Select(e => e.ToString()).ToList();
        Assert.Contains($"{_dir.Combine("member-found.de.txt")}:1:1: the first line must be the subject: 'Subject: …'", found);
        Assert.Contains($"{_dir.Combine("member-found.en.txt")}:1:19: unknown placeholder {{{{hots}}}} (did you mean 'host'?)", found);
        Assert.Contains($"{_dir.Combine("member-found.en.txt")}:4:34: '{{{{' without its closing '}}}}' on the same line", found);
        Assert.Contains($"{_dir.Combine("hostmaster-resolved.en.txt")}: the required placeholder {{{{member}}}} is missing", found);
        Assert.Contains(found, e => e.StartsWith(_dir.Combine("signals.yaml") + ":3:3: language 'fr'", StringComparison.Ordinal));
        Assert.Contains(found, e => e.StartsWith(_dir.Combine("signals.yaml") + ":1:1: 'Deleted executable' has no en phrase", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TemplateDirectoryMissing_Error()
    {
        var errors = new List<RuleError>();

        Assert.Null(TemplateSet.Load(TemplateSet.ShippedDirectory, _dir.Combine("nope"), errors));
        Assert.Contains("the template directory does not exist", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
