using System.Globalization;
using System.Text;
using HsGuard.Collector.Members;
using HsGuard.Collector.Notifications.Templates;

namespace HsGuard.Collector.Notifications;

/// <summary>
/// The value of every placeholder for one notice. What the agent reported (process names, paths,
/// rule outputs that quote command lines) is the attacker's text: control characters become '?'
/// and lengths are capped, so that a process cannot write lines of its own into a member's notice.
/// </summary>
internal static class NoticeValues
{
    private const int MaxValue = 200;
    private const int MaxOutput = 300;

    public static Dictionary<string, string> For(IncidentFacts facts, MemberLookup lookup, NoticeStage stage, NoticeLanguage language,
        SignalPhrases signals, NotificationsOptions options)
    {
        var member = lookup.Member;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["incident.id"] = Number(facts.Id),
            ["incident.url"] = options.IncidentUrl(facts.Id) ?? "",
            ["host"] = Clean(facts.Host),
            ["user"] = Clean(facts.User),
            ["uid"] = Number(facts.Uid),
            ["package"] = lookup.Package ?? "",
            ["member"] = member is null ? NoticePhrases.UnknownMember(language)
                : member.DisplayName == member.Name ? member.Name : $"{member.Name} ({member.DisplayName})",
            ["member.name"] = member?.Name ?? "",
            ["member.display_name"] = member?.DisplayName ?? "",
            ["member.warning"] = member is null ? NoticePhrases.UnknownMemberWarning(language, Clean(facts.Host), Clean(facts.User), lookup.How) : "",
            ["verdict"] = facts.Verdict.ToString().ToLowerInvariant(),
            ["severity"] = facts.Severity,
            ["score"] = Number(facts.Score),
            ["status"] = facts.Status.ToString().ToLowerInvariant(),
            ["stage"] = stage.ToString().ToLowerInvariant(),
            ["signals"] = Lines(facts.Findings.Select(f => signals.Phrase(f.Rule, language)).Distinct(StringComparer.Ordinal)),
            ["rules"] = string.Join(", ", facts.Findings.Select(f => f.Rule)),
            ["findings"] = Lines(facts.Findings.Select(f => string.Create(CultureInfo.InvariantCulture,
                $"{f.Rule} (weight {f.Weight}, {f.Priority}): {Clean(f.Output, MaxOutput)}"))),
            ["offender.pid"] = Number(facts.OffenderPid),
            ["offender.comm"] = Clean(facts.OffenderComm),
            ["offender.exe"] = Clean(facts.OffenderExe),
            ["opened_at"] = Time(facts.OpenedAt),
            ["detected_at"] = Time(facts.DetectedAt),
            ["first_seen"] = Time(facts.FirstSeen),
            ["processes"] = Lines(facts.SuspendOutcomes.Select(o => Clean(o))),
            ["method"] = Clean(facts.SuspendMethod ?? ""),
            ["resolution"] = stage == NoticeStage.Resolved ? NoticePhrases.Resolution(facts.Status, language) : "",
            ["hostmaster.contact"] = options.Hostmasters.EffectiveContact,
        };
    }

    /// <summary>Printable text: control characters (line breaks included) as '?', at most
    /// <paramref name="max"/> characters.</summary>
    public static string Clean(string text, int max = MaxValue)
    {
        var clean = new StringBuilder(Math.Min(text.Length, max + 1));
        foreach (char c in text)
        {
            if (clean.Length == max)
            {
                clean.Append('…');
                break;
            }
            clean.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? '?' : c);
        }
        return clean.ToString();
    }

    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Lines(IEnumerable<string> items) => string.Join("\n", items.Select(i => "- " + i));
}
