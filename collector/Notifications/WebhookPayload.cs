using System.Text.Json;
using HsGuard.Collector.Members;

namespace HsGuard.Collector.Notifications;

/// <summary>
/// The hostmasters' webhook body: one JSON object with the facts for paging tools and a "text"
/// line that chat tools (Slack, Mattermost, Rocket.Chat incoming webhooks) show as it is.
/// </summary>
internal static class WebhookPayload
{
    public static string Json(IncidentFacts facts, MemberLookup lookup, NoticeStage stage, string summary, string? url)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", url is null ? summary : $"{summary} {url}");
            json.WriteString("stage", stage.ToString().ToLowerInvariant());
            json.WriteNumber("incident_id", facts.Id);
            json.WriteString("incident_url", url);
            json.WriteString("host", facts.Host);
            json.WriteString("user", facts.User);
            json.WriteNumber("uid", facts.Uid);
            json.WriteBoolean("member_known", lookup.Known);
            if (lookup.Member is { } member)
            {
                json.WriteStartObject("member");
                json.WriteString("name", member.Name);
                json.WriteString("display_name", member.DisplayName);
                json.WriteString("language", member.Language.ToString().ToLowerInvariant());
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("member");
            }
            json.WriteString("member_source", lookup.How);
            json.WriteString("verdict", facts.Verdict.ToString().ToLowerInvariant());
            json.WriteString("severity", facts.Severity);
            json.WriteNumber("score", facts.Score);
            json.WriteString("status", facts.Status.ToString().ToLowerInvariant());
            json.WriteStartArray("rules");
            foreach (var finding in facts.Findings)
            {
                json.WriteStringValue(finding.Rule);
            }
            json.WriteEndArray();
            json.WriteStartObject("offender");
            json.WriteNumber("pid", facts.OffenderPid);
            json.WriteString("comm", facts.OffenderComm);
            json.WriteString("exe", facts.OffenderExe);
            json.WriteEndObject();
            json.WriteString("opened_at", facts.OpenedAt);
            json.WriteString("detected_at", facts.DetectedAt);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
