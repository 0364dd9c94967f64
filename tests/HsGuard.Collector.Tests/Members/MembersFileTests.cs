using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Members;
using HsGuard.Collector.Notifications;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Members;

/// <summary>The members file: what a good one gives, and every mistake reported with its line.</summary>
public sealed class MembersFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (MemberList List, List<RuleError> Errors) Read(string yaml)
    {
        string path = _dir.Combine("members.yaml");
        File.WriteAllText(path, yaml);
        var errors = new List<RuleError>();
        return (MembersFile.Read(path, errors), errors);
    }

    [Fact]
    public void Read_GoodFile_MembersAndExplicitUsers()
    {
        var (list, errors) = Read("""
            members:
              - name: xyz00
                display_name: Beispiel eG
                emails: [it@beispiel.example, vorstand@beispiel.example]
                language: de
              - name: abc01
                emails: ops@example.com
                language: EN
                users:
                  - { user: shop, host: web7 }
                  - user: backup
            """);

        Assert.Empty(errors);
        Assert.Equal(new Member("xyz00", "Beispiel eG", ["it@beispiel.example", "vorstand@beispiel.example"], NoticeLanguage.De), list.Members["xyz00"],
            new MemberComparer());
        Assert.Equal(("abc01", NoticeLanguage.En), (list.Members["abc01"].DisplayName, list.Members["abc01"].Language));
        Assert.Equal("abc01", list.Find("WEB7", "shop")!.Member);
        Assert.Null(list.Find("web8", "shop"));
        Assert.Equal(("*", "abc01"), (list.Find("web8", "backup")!.Host, list.Find("web8", "backup")!.Member));
        Assert.EndsWith("members.yaml:10", list.Find("web7", "shop")!.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_NoMembersNoErrors()
    {
        var (list, errors) = Read("# nobody yet\n");

        Assert.Empty(errors);
        Assert.Empty(list.Members);
    }

    [Fact]
    public void Read_MalformedEntries_EveryErrorWithItsLine()
    {
        var (_, errors) = Read("""
            members:
              - name: xyz00
                emails: [not an address, it@beispiel.example, "Name <x@y.example>"]
                language: fr
              - name: abc01
                language: en
              - name: qrs02
                emails: [a@b.example]
                language: de
                users:
                  - user: shop
                  - { user: shop, host: "*" }
                  - { user: Bad User }
                  - { user: ok, host: "web 7" }
                  - { user: ok2, hots: web7 }
              - name: qrs02
                emails: [c@d.example]
                language: de
              - nmae: typo
            """);

        string path = _dir.Combine("members.yaml");
        var lines = errors.Select(e => (e.Line, e.Message)).ToList();
        Assert.All(errors, e => Assert.Equal(path, e.File));
        Assert.Contains(lines, e => e.Line == 3 && e.Message.Contains("'not an address' is not an e-mail address", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 3 && e.Message.Contains("'Name <x@y.example>' is not an e-mail address", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 4 && e.Message.Contains("language 'fr' is neither de (German) nor en (English)", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 5 && e.Message.Contains("needs 'emails'", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 12 && e.Message.Contains("user 'shop' on host '*' is listed twice (first at " + path + ":11", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 13 && e.Message.Contains("'Bad User' is not a Linux user name", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 14 && e.Message.Contains("'web 7' is not a host name", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 15 && e.Message.Contains("unknown key 'hots'", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 16 && e.Message.Contains("member 'qrs02' is defined twice (first at " + path + ":7)", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 19 && e.Message.Contains("unknown key 'nmae'", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Line == 19 && e.Message.Contains("'name' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NotYaml_SyntaxErrorWithLine()
    {
        var (_, errors) = Read("members:\n  - name: xyz00\n    emails: [a@b.example\n    language: de\n");

        var error = Assert.Single(errors);
        Assert.Contains("YAML syntax", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3, error.ToString());
    }

    private sealed class MemberComparer : IEqualityComparer<Member>
    {
        public bool Equals(Member? x, Member? y) =>
            x is not null && y is not null && x.Name == y.Name && x.DisplayName == y.DisplayName && x.Language == y.Language && x.Emails.SequenceEqual(y.Emails);

        public int GetHashCode(Member obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
