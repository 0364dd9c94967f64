using System.Text.Json;
using HsGuard.Agent.Sampling;

namespace HsGuard.Agent.Cli;

/// <summary>The <c>snapshot --json</c> document: <c>processes</c> by pid and <c>users</c> by uid, snake_case.</summary>
internal static class SnapshotJsonWriter
{
    public static void Write(Stream stream, string host, SampleFrame frame)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("host", host);
        json.WriteString("time", frame.Time);
        json.WriteNumber("interval_seconds", Math.Round(frame.Interval.TotalSeconds, 3));
        json.WriteStartArray("processes");
        var processes = frame.Processes.ToArray();
        Array.Sort(processes, (a, b) => a.Pid.CompareTo(b.Pid));
        foreach (var p in processes)
        {
            WriteProcess(json, p);
        }
        json.WriteEndArray();
        json.WriteStartArray("users");
        var users = frame.Users.ToArray();
        Array.Sort(users, (a, b) => a.Uid.CompareTo(b.Uid));
        foreach (var u in users)
        {
            json.WriteStartObject();
            json.WriteString("user", u.User);
            json.WriteNumber("uid", u.Uid);
            json.WriteNumber("cpu_percent", Math.Round(u.CpuPercent, 2));
            json.WriteNumber("processes", u.Processes);
            json.WriteNumber("threads", u.Threads);
            json.WriteNumber("rss_kb", u.RssKb);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
        stream.Flush();
    }

    private static void WriteProcess(Utf8JsonWriter json, ProcessEntry p)
    {
        json.WriteStartObject();
        json.WriteNumber("pid", p.Pid);
        json.WriteNumber("ppid", p.ParentPid);
        json.WriteNumber("uid", p.Uid);
        json.WriteString("user", p.User);
        json.WriteString("comm", p.Comm);
        json.WriteString("exe", p.Exe);
        json.WriteBoolean("exe_deleted", p.ExeDeleted);
        json.WriteString("cmdline", p.CommandLine);
        json.WriteString("state", p.State.ToString());
        json.WriteNumber("cpu_percent", Math.Round(p.CpuPercent, 2));
        json.WriteNumber("threads", p.Threads);
        json.WriteNumber("rss_kb", p.RssKb);
        json.WriteString("start_time", p.StartTime);
        json.WriteNumber("start_ticks", p.StartTicks);
        json.WriteBoolean("kernel_thread", p.IsKernelThread);
        json.WriteNumber("nice", p.Nice);
        json.WriteNumber("session", p.Session);
        if (p.HasDetail)
        {
            json.WriteNumber("voluntary_ctxt_switches", p.VoluntarySwitches);
            json.WriteNumber("nonvoluntary_ctxt_switches", p.InvoluntarySwitches);
            json.WriteNumber("read_bytes", p.ReadBytes);
            json.WriteNumber("write_bytes", p.WriteBytes);
        }
        if (p.Deep is { } deep)
        {
            WriteDeep(json, deep);
        }
        json.WriteEndObject();
    }

    private static void WriteDeep(Utf8JsonWriter json, DeepLook d)
    {
        json.WriteStartObject("deep");
        json.WriteStartObject("threads");
        json.WriteNumber("count", d.ThreadCount);
        json.WriteNumber("busy", d.BusyThreads);
        json.WriteNumber("busy_cpu_max", Math.Round(d.BusyCpuMax, 2));
        json.WriteNumber("busy_cpu_min", Math.Round(d.BusyCpuMin, 2));
        json.WriteNumber("pinned", d.PinnedThreads);
        json.WriteNumber("pinned_cpus", d.PinnedCpus);
        json.WriteNumber("distinct_nice", d.DistinctNice);
        json.WriteNumber("nice_min", d.NiceMin);
        json.WriteNumber("nice_max", d.NiceMax);
        json.WriteEndObject();
        json.WriteStartArray("connections");
        foreach (var c in d.Connections)
        {
            json.WriteStartObject();
            json.WriteString("local_address", c.LocalAddress.ToString());
            json.WriteNumber("local_port", c.LocalPort);
            json.WriteString("remote_address", c.RemoteAddress.ToString());
            json.WriteNumber("remote_port", c.RemotePort);
            json.WriteString("state", c.StateName);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("stdin", d.Stdin);
        json.WriteString("stdout", d.Stdout);
        json.WriteString("stderr", d.Stderr);
        json.WriteNumber("open_files", d.OpenFiles);
        json.WriteBoolean("msr_open", d.MsrOpen);
        json.WriteNumber("anon_huge_pages_kb", d.AnonHugePagesKb);
        json.WriteNumber("hugetlb_pages_kb", d.HugetlbPagesKb);
        json.WriteEndObject();
    }
}
