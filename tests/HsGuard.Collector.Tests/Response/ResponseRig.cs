using System.Globalization;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Response;
using HsGuard.Collector.Tests.Support;
using HsGuard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Collector.Tests.Response;

/// <summary>
/// The real collector (in this process, plain HTTP/2 on a 127.0.0.1 port) and the real agent
/// (<c>hsguard-agent run</c>, a process of its own) talking to it, shared by the tests of one
/// collection. A member-like user of the rig's own (made with useradd, removed at the end) runs the
/// burners. A local rules file narrows the shipped rules to that user, so that the pair never acts
/// on what other tests on this machine run at the same time. The agent's cgroups live under a
/// parent of this run's own; at the end they are thawed and removed, and the user's processes are
/// ended by pid.
/// </summary>
public abstract class ResponseRig : IAsyncLifetime
{
    /// <summary>The hybrid layout's cgroup v2 hierarchy (a v2-only host has it at /sys/fs/cgroup).</summary>
    private static readonly string[] V2Roots = ["/sys/fs/cgroup/unified", "/sys/fs/cgroup"];

    private readonly string _mode;
    private bool _createdUser;
    private CollectorServer? _server;
    private RunningProgram? _agent;

    protected ResponseRig(string mode, uint uid, string userName)
    {
        _mode = mode;
        Uid = uid;
        UserName = userName;
        Host = "resp-" + userName;
        CgroupParent = $"hsguard-resp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{uid.ToString(CultureInfo.InvariantCulture)}";
    }

    public uint Uid { get; }

    public string UserName { get; }

    public string Host { get; }

    public string CgroupParent { get; }

    /// <summary>The cgroup v2 hierarchy the agent freezes in, so that a frozen process can still be
    /// killed and can exit (the v1 freezer holds even SIGKILL until a thaw; the agent's own tests
    /// cover it); null where the host has none, and the agent chooses ("auto").</summary>
    public string? CgroupRoot { get; } = V2Roots.FirstOrDefault(IsV2);

    public TempDirectory Directory { get; } = new();

    /// <summary>The collector's wall clock, which a test may move forward (the command time to live).</summary>
    public ShiftedClock Clock { get; } = new();

    internal CollectorServer Server => _server ?? throw new InvalidOperationException("not started");

    internal IncidentBook Incidents => Server.Services.GetRequiredService<IncidentBook>();

    internal ResponseService Response => Server.Services.GetRequiredService<ResponseService>();

    /// <summary>Where a burner is protected by the agent's own allow list (Agent:Enforcement:ProtectedExes).</summary>
    public string ProtectedExe => Directory.Combine("protected", "kthreaddi");

    /// <summary>What the agent wrote so far (its log goes to standard error).</summary>
    public string AgentOutput => _agent?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        _createdUser = await MemberUser.EnsureAsync(UserName, Uid);
        // The user's programs live below: it must find them (and may delete its own, as droppers do).
        File.SetUnixFileMode(Directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(ProtectedExe)!);
        Burner.CopyTo(ProtectedExe);
        string rules = Directory.Combine("only-the-rig-user.yaml");
        string shipped = await File.ReadAllTextAsync(RepositoryPaths.Combine("tests", "programs", "only-one-member.yaml"));
        await File.WriteAllTextAsync(rules, shipped.Replace("MEMBER", UserName, StringComparison.Ordinal));
        _server = await CollectorServer.StartAsync(services => services.AddSingleton<TimeProvider>(Clock),
            ("Collector:Grpc:PlaintextOnLoopback", "true"), ("Collector:Response:Mode", _mode),
            ("Collector:Response:PerHostActions", "1000"), ("Collector:Response:GlobalActions", "1000"),
            ("Collector:Detection:Rules:Paths:0", RepositoryPaths.Combine("rules")), ("Collector:Detection:Rules:Paths:1", rules));
        await StartAgentAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await StopAgentAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await CgroupSweep.RunAsync(CgroupParent, Uid);
        if (_createdUser)
        {
            await MemberUser.RemoveAsync(UserName);
        }
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the agent and returns once the collector has its hello.</summary>
    public async Task StartAgentAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["HSGUARD_Agent__Collector__Address"] = $"http://127.0.0.1:{Server.Port.ToString(CultureInfo.InvariantCulture)}",
            ["HSGUARD_Agent__Collector__PlaintextOnLoopback"] = "true",
            ["HSGUARD_Agent__Collector__Host"] = Host,
            ["HSGUARD_Agent__Enforcement__CgroupRoot"] = CgroupRoot ?? "auto",
            ["HSGUARD_Agent__Enforcement__CgroupParent"] = CgroupParent,
            ["HSGUARD_Agent__Enforcement__StateFile"] = Directory.Combine("agent-suspensions.json"),
            ["HSGUARD_Agent__Enforcement__ProtectedExes__0"] = ProtectedExe,
        };
        _agent = HsGuardProgram.Start(HsGuardProgram.Agent, ["run"], environment);
        var registry = Server.Services.GetRequiredService<HsGuard.Collector.Ingest.HostRegistry>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!registry.IsConnected(Host))
        {
            if (_agent.HasExited || DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"hsguard-agent did not connect:\n{_agent.Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the agent as systemd does (SIGTERM) and waits until the collector has seen it go.</summary>
    public async Task StopAgentAsync()
    {
        var agent = _agent!;
        _agent = null;
        await agent.StopAsync(TimeSpan.FromSeconds(30));
        agent.Dispose();
        var registry = Server.Services.GetRequiredService<HsGuard.Collector.Ingest.HostRegistry>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (registry.Session(Host) is not null && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>The incident whose process tree starts at <paramref name="pid"/>, once the collector has one.</summary>
    internal async Task<Incident> IncidentOfAsync(int pid, CancellationToken cancel)
    {
        ulong start = ProcStat.Of(pid).StartTicks;
        Incident? found = null;
        await Eventually.HoldsAsync(() => (found = Incidents.All.FirstOrDefault(i => i.Host == Host && i.RootPid == pid && i.RootStartTicks == start)) is not null,
            $"an incident about pid {pid}", TimeSpan.FromSeconds(15), cancel);
        return found!;
    }

    /// <summary>The action of <paramref name="kind"/> on the incident once it has a final status.</summary>
    public async Task<IncidentAction> CompletedAsync(Incident incident, string kind, CancellationToken cancel, string? commandId = null)
    {
        IncidentAction? action = null;
        await Eventually.HoldsAsync(() => (action = Incidents.Read(() => incident.Actions.FirstOrDefault(a => a.Kind == kind
                && (commandId is null || a.CommandId == commandId) && a.CompletedAt is not null))) is not null,
            $"a completed {kind} on incident {incident.Id}\n{ActionsOf(incident)}\n{AgentOutput}", TimeSpan.FromSeconds(15), cancel);
        return action!;
    }

    internal string ActionsOf(Incident incident) => Incidents.Read(() => string.Join("\n",
        incident.Actions.Select(a => $"{a.Kind} by {a.By}: {a.Status} {a.Reason} [{a.Method}] {a.Detail} {string.Join(", ", a.Outcomes)}")));

    private static bool IsV2(string root)
    {
        try
        {
            return File.ReadAllLines("/proc/mounts").Any(l => l.Split(' ') is [_, var mount, "cgroup2", ..] && mount == root);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
