using System.Text.Json;

namespace HsGuard.Collector.Detection.Incidents;

/// <summary>Incidents as JSON (snake_case), for <c>replay --json</c> and the API.</summary>
public static class IncidentJsonWriter
{
    public static void Write(Utf8JsonWriter json, Incident i, bool withEvidence)
    {
        json.WriteStartObject();
        json.WriteNumber("id", i.Id);
        json.WriteString("host", i.Host);
        json.WriteString("user", i.User);
        json.WriteNumber("uid", i.Uid);
        json.WriteNumber("pid", i.OffenderPid);
        json.WriteNumber("start_ticks", i.OffenderStartTicks);
        json.WriteString("comm", i.OffenderComm);
        json.WriteString("exe", i.OffenderExe);
        json.WriteStartObject("root");
        json.WriteNumber("pid", i.RootPid);
        json.WriteNumber("start_ticks", i.RootStartTicks);
        json.WriteEndObject();
        json.WriteString("severity", i.Severity);
        json.WriteString("verdict", i.Verdict.ToString().ToLowerInvariant());
        json.WriteNumber("score", i.Score);
        json.WriteStartArray("rules");
        foreach (var f in i.Findings)
        {
            json.WriteStringValue(f.Rule);
        }
        json.WriteEndArray();
        json.WriteString("first_seen", i.FirstSeen);
        json.WriteString("detected_at", i.DetectedAt);
        json.WriteNumber("latency_seconds", Math.Round((i.DetectedAt - i.FirstSeen).TotalSeconds, 3));
        json.WriteStartObject("verdict_times");
        foreach (var (verdict, time) in i.VerdictTimes.OrderBy(v => v.Key))
        {
            json.WriteString(verdict.ToString().ToLowerInvariant(), time);
        }
        json.WriteEndObject();
        json.WriteStartArray("findings");
        foreach (var f in i.Findings.OrderBy(f => f.FirstFired))
        {
            json.WriteStartObject();
            json.WriteString("rule", f.Rule);
            json.WriteNumber("weight", f.Weight);
            json.WriteString("priority", f.Priority);
            json.WriteStartArray("tags");
            foreach (string tag in f.Tags)
            {
                json.WriteStringValue(tag);
            }
            json.WriteEndArray();
            json.WriteNumber("pid", f.Pid);
            json.WriteString("output", f.Output);
            json.WriteString("first_fired", f.FirstFired);
            json.WriteString("last_fired", f.LastFired);
            json.WriteNumber("times", f.Times);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (withEvidence && i.Evidence is { } evidence)
        {
            WriteEvidence(json, evidence);
        }
        json.WriteEndObject();
    }

    private static void WriteEvidence(Utf8JsonWriter json, IncidentEvidence evidence)
    {
        json.WriteStartObject("evidence");
        json.WriteString("taken_at", evidence.TakenAt);
        json.WriteNumber("baseline_score", Math.Round(evidence.BaselineScore, 3));
        json.WriteStartArray("processes");
        foreach (var p in evidence.Tree)
        {
            json.WriteStartObject();
            json.WriteNumber("pid", p.Pid);
            json.WriteNumber("start_ticks", p.StartTicks);
            json.WriteNumber("ppid", p.ParentPid);
            json.WriteString("user", p.User);
            json.WriteString("comm", p.Comm);
            json.WriteString("exe", p.Exe);
            json.WriteBoolean("exe_deleted", p.ExeDeleted);
            json.WriteString("cmdline", p.CommandLine);
            json.WriteString("state", p.State);
            json.WriteNumber("cpu_percent", Math.Round(p.CpuPercent, 1));
            json.WriteNumber("threads", p.Threads);
            json.WriteNumber("rss_kb", p.RssKb);
            json.WriteString("first_seen", p.FirstSeen);
            if (p.ExitedAt is { } exited)
            {
                json.WriteString("exited_at", exited);
            }
            json.WriteStartArray("connections");
            foreach (var c in p.Connections)
            {
                json.WriteStringValue($"{c.LocalAddress}:{c.LocalPort} -> {c.RemoteAddress}:{c.RemotePort} {c.State}");
            }
            json.WriteEndArray();
            WritePoints(json, "cpu_history", p.Cpu);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WritePoints(json, "user_cpu_history", evidence.UserCpu);
        json.WriteEndObject();
    }

    private static void WritePoints(Utf8JsonWriter json, string name, IReadOnlyList<EvidencePoint> points)
    {
        json.WriteStartArray(name);
        foreach (var point in points)
        {
            json.WriteStartArray();
            json.WriteNumberValue(point.Time.ToUnixTimeMilliseconds());
            json.WriteNumberValue(Math.Round(point.CpuPercent, 1));
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }
}
