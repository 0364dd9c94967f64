using System.Text.Json;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary><c>hsguard-collector notifications validate</c> and <c>run</c> with a malformed members
/// file or template, as processes: every error listed with its file and line, and a collector
/// that refuses to start (exit 78) rather than send a broken e-mail.</summary>
public sealed class NotificationsCommandTests : IDisposable
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TempDirectory _dir = new("hsguard-notify-");

    public void Dispose() => _dir.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        HsGuardProgram.RunAsync(HsGuardProgram.Collector, [.. args, "--config", Config()], cancel: _cancel);

    private string Config(object? notifications = null, string? members = null)
    {
        string path = _dir.Combine("collector.json");
        if (notifications is null && members is null && File.Exists(path))
        {
            return path;
        }
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Collector = new
            {
                StateDirectory = _dir.Combine("state"),
                Grpc = new { Listen = $"127.0.0.1:{LoopbackPorts.Free()}", PlaintextOnLoopback = true },
                Web = new { Listen = $"127.0.0.1:{LoopbackPorts.Free()}" },
                Members = new { File = members ?? _dir.Combine("members.yaml") },
                Notifications = notifications ?? new { },
            },
        }));
        return path;
    }

    private void WriteBrokenFiles()
    {
        File.WriteAllText(_dir.Combine("members.yaml"), """
            members:
              - name: xyz00
                emails: [it@beispiel example]
                language: fr
              - name: abc01
                emails: [ops@example.com]
                language: en
                users:
                  - { user: shop }
                  - { user: shop }
            """);
        Directory.CreateDirectory(_dir.Combine("templates"));
        File.WriteAllText(_dir.Combine("templates", "member-suspended.de.txt"), "Subject: Angehalten {{benutzer}}\n\n{{host}} {{user}}\n");
    }

    [Fact]
    public async Task Validate_Shipped_ExitZero()
    {
        File.WriteAllText(_dir.Combine("members.yaml"), NoticeRig.MembersYaml);
        Config(new { });

        var (exit, output, error) = await RunAsync("notifications", "validate");

        Assert.True(exit == 0, output + error);
        Assert.StartsWith("OK: templates from (shipped)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenMembersFileTemplateAndSettings_EveryErrorListedExitOne()
    {
        WriteBrokenFiles();
        Config(new { TemplateDirectory = _dir.Combine("templates"), Smtp = new { Host = "mail.example.org", Security = "None", From = "nobody" } });

        var (exit, output, _) = await RunAsync("notifications", "validate");

        Assert.Equal(1, exit);
        string members = _dir.Combine("members.yaml");
        string template = _dir.Combine("templates", "member-suspended.de.txt");
        Assert.Equal(
        [
            "Collector:Notifications:Smtp:Security: None is only allowed towards a loopback address, and Host 'mail.example.org' is not one: use StartTls or SslOnConnect",
            "Collector:Notifications:Smtp:From: 'nobody' is not an e-mail address (local@domain); notices need a sender",
            "Collector:Notifications:Hostmasters:Contact: members' notices must say how to reach the hostmasters: set Contact or Emails",
            $"{template}:1:21: unknown placeholder {{{{benutzer}}}}",
            $"{template}: the required placeholder {{{{hostmaster.contact}}}} is missing",
            $"{members}:3:14: 'it@beispiel example' is not an e-mail address (local@domain, without a name or spaces)",
            $"{members}:4:15: language 'fr' is neither de (German) nor en (English)",
            $"{members}:10:17: user 'shop' on host '*' is listed twice (first at {members}:9, for member abc01)",
            "8 errors",
        ], output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Run_MalformedMembersFile_ConfigurationErrorWithFileAndLine()
    {
        WriteBrokenFiles();
        Config(new { });

        var (exit, _, error) = await RunAsync("run");

        Assert.Equal(78, exit);
        Assert.StartsWith("hsguard: configuration error: ", error, StringComparison.Ordinal);
        Assert.Contains("the members file: 3 errors", error, StringComparison.Ordinal);
        Assert.Contains($"{_dir.Combine("members.yaml")}:4:15: language 'fr'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MalformedTemplate_ConfigurationErrorWithFileAndLine()
    {
        WriteBrokenFiles();
        File.WriteAllText(_dir.Combine("members.yaml"), NoticeRig.MembersYaml);
        Config(new { TemplateDirectory = _dir.Combine("templates") });

        var (exit, _, error) = await RunAsync("run");

        Assert.Equal(78, exit);
        Assert.Contains($"{_dir.Combine("templates", "member-suspended.de.txt")}:1:21: unknown placeholder {{{{benutzer}}}}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadSetting_ConfigurationErrorNamesTheKey()
    {
        File.WriteAllText(_dir.Combine("members.yaml"), NoticeRig.MembersYaml);
        Config(new { Hostmasters = new { Language = "fr" } });

        var (exit, _, error) = await RunAsync("run");

        Assert.Equal(78, exit);
        Assert.Contains("Collector:Notifications:Hostmasters:Language", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MembersSetAndAssign_DatabaseEntries_OverrideTheFileAndShowSaysSo()
    {
        File.WriteAllText(_dir.Combine("members.yaml"), NoticeRig.MembersYaml);
        Config(new { });

        var set = await RunAsync("members", "set", "qrs07", "--email", "it@qrs.example", "--email", "boss@qrs.example", "--language", "DE", "--display-name", "QRS eG");
        var assign = await RunAsync("members", "assign", "shopuser", "qrs07", "--host", "web1");
        var show = await RunAsync("members", "show", "web1", "shopuser");
        var elsewhere = await RunAsync("members", "show", "web2", "shopuser");

        Assert.True(set.ExitCode == 0, set.Output + set.Error);
        Assert.True(assign.ExitCode == 0, assign.Output + assign.Error);
        Assert.True(show.ExitCode == 0, show.Output + show.Error);
        Assert.Contains("member:   qrs07 (QRS eG)", show.Output, StringComparison.Ordinal);
        Assert.Contains("language: de", show.Output, StringComparison.Ordinal);
        Assert.Contains("emails:   it@qrs.example, boss@qrs.example", show.Output, StringComparison.Ordinal);
        Assert.Contains("from:     database (user shopuser on web1)", show.Output, StringComparison.Ordinal);
        Assert.Equal(1, elsewhere.ExitCode);
    }

    [Fact]
    public async Task MembersSetAndAssign_BadInput_EveryMistakeNamedNothingSaved()
    {
        File.WriteAllText(_dir.Combine("members.yaml"), NoticeRig.MembersYaml);
        Config(new { });

        var set = await RunAsync("members", "set", "bad name", "--email", "not an address", "--language", "fr");
        var assign = await RunAsync("members", "assign", "Root!", "nobody99");
        var assignUnknown = await RunAsync("members", "assign", "shopuser", "nobody99");
        var show = await RunAsync("members", "show", "web1", "shopuser");

        Assert.Equal(2, set.ExitCode);
        Assert.Contains("member name 'bad name' is not a name", set.Error, StringComparison.Ordinal);
        Assert.Contains("language 'fr' is neither de (German) nor en (English)", set.Error, StringComparison.Ordinal);
        Assert.Contains("'not an address' is not an e-mail address", set.Error, StringComparison.Ordinal);
        Assert.Equal(2, assign.ExitCode);
        Assert.Contains("'Root!' is not a Linux user name", assign.Error, StringComparison.Ordinal);
        Assert.Equal(2, assignUnknown.ExitCode);
        Assert.Contains("member 'nobody99' is neither in the database nor in the members file", assignUnknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, show.ExitCode);
    }
}
