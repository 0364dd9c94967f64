using System.Globalization;
using System.Text.Json;
using static HsGuard.Collector.Cli.Triage.TriageCommands;

namespace HsGuard.Collector.Cli.Triage;

/// <summary>An incident's detail (GET /api/incidents/ID) as text for a terminal.</summary>
internal static class IncidentText
{
    public static void Write(JsonElement d, TextWriter o)
    {
        var s = d.GetProperty("summary");
        o.WriteLine($"incident {N(s, "id")}: {S(s, "status")}, verdict {S(s, "verdict")}, severity {S(s, "severity")}, score {N(s, "score")}");
        o.WriteLine($"  host {S(s, "host")}, user {S(s, "user")} (uid {N(s, "uid")}), member {OrDash(s, "member")}");
        o.WriteLine($"  offender {N(s, "offenderPid")} {S(s, "offenderComm")} ({S(s, "offenderExe")})");
        o.WriteLine($"  opened {Time(s, "openedAt")}, detected {Time(s, "detectedAt")}, last activity {Time(s, "lastActivity")}");
        o.WriteLine($"  baseline score {N(d, "baselineScore")}; host {(d.GetProperty("hostConnected").GetBoolean() ? "connected" : "not connected")}");
        o.WriteLine();
        o.WriteLine("signals:");
        foreach (var g in d.GetProperty("signals").EnumerateArray())
        {
            o.WriteLine($"  {S(g, "rule")} (weight {N(g, "weight")}, {S(g, "priority")}, pid {N(g, "pid")}, {N(g, "times")}x): {S(g, "output")}");
        }
        o.WriteLine();
        var table = new TextTable("PID", "PPID", "USER", "STATE", "CPU %", "RUNNING", "EXE", "COMMAND LINE");
        foreach (var p in d.GetProperty("processes").EnumerateArray())
        {
            table.Add((p.GetProperty("offender").GetBoolean() ? "*" : "") + N(p, "pid"), N(p, "parentPid"), S(p, "user"), S(p, "state"),
                p.GetProperty("cpuPercent").GetDouble().ToString("0", CultureInfo.InvariantCulture), p.GetProperty("running").GetBoolean() ? "yes" : "no",
                S(p, "exe") + (p.GetProperty("exeDeleted").GetBoolean() ? " (deleted)" : ""), S(p, "commandLine"));
        }
        o.WriteLine("processes (* the offender):");
        table.Write(o);
        o.WriteLine();
        o.WriteLine("actions:");
        foreach (var a in d.GetProperty("actions").EnumerateArray())
        {
            string status = S(a, "status") is { Length: > 0 } st ? $" [{st}{(S(a, "reason") is { Length: > 0 } r ? ": " + r : "")}]" : "";
            o.WriteLine($"  {Time(a, "time")}  {S(a, "kind")} by {S(a, "by")}: {S(a, "detail")}{status}");
        }
        o.WriteLine();
        o.WriteLine("notices:");
        foreach (var n in d.GetProperty("notices").EnumerateArray())
        {
            o.WriteLine($"  {Time(n, "created")}  {S(n, "stage")} {S(n, "channel")} to {S(n, "recipient")}: {S(n, "status")}"
                + (S(n, "lastError") is { Length: > 0 } e ? $" ({e})" : ""));
        }
    }
}
