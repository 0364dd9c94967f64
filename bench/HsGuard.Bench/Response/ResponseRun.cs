using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.AspNetCore.Server;
using HsGuard.Collector;
using HsGuard.Collector.Cli;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Ingest;
using HsGuard.Collector.Response;
using HsGuard.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HsGuard.Bench.Response;

/// <summary>
/// The real pair on this host: the collector in this process (plain HTTP/2 on a 127.0.0.1 port,
/// shipped rules and policy, rate limits raised for the repeated runs; a local rules file limits
/// "member" to the bench's own user, so that nothing else on the machine is acted on) with
/// <see cref="BatchArrivals"/> on its stream, and the agent as a process of its own
/// (<c>hsguard-agent run</c>, its defaults: 1 s tick, freezer chosen by the host). The miner
/// stand-in is burner.c, copied as /tmp/…/kthreaddi (a kernel-thread name and a temporary
/// directory: two signals) with bytes of its own at the end, and started as a member-like user
/// (made with useradd, removed at the end if made here). Each run ends with a kill order through
/// the collector, which the agent carries out.
/// </summary>
internal sealed class ResponseRun : IAsyncDisposable
{
    private const string UserName = "hsgbench-resp";
    private const uint Uid = 2943;
    private const string Host = "bench-response";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string CgroupParent = "hsguard-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private readonly DirectoryInfo _directory;
    private readonly BatchArrivals _arrivals = new();
    private readonly System.Text.StringBuilder _agentOutput = new();
    private bool _createdUser;
    private WebApplication? _collector;
    private Process? _agent;
    private string _burner = "";
    private int _copies;

    private ResponseRun(DirectoryInfo directory)
    {
        _directory = directory;
    }

    /// <param name="root">The repository: its rules, tests/programs/burner.c and only-one-member.yaml.</param>
    public static async Task<ResponseRun> StartAsync(string root, string agentDll)
    {
        var run = new ResponseRun(Directory.CreateTempSubdirectory("hsguard-bench-response-"));
        try
        {
            await run.SetUpAsync(root, agentDll);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    private IncidentBook Incidents => _collector!.Services.GetRequiredService<IncidentBook>();

    private async Task SetUpAsync(string root, string agentDll)
    {
        string burnerSource = Path.Combine(root, "tests", "programs", "burner.c");
        File.SetUnixFileMode(_directory.FullName, (UnixFileMode)0b111_101_101);
        _createdUser = ChildProcess.Run("id", ["-u", UserName], captureErrors: true).ExitCode != 0;
        if (_createdUser)
        {
            Check(ChildProcess.Run("useradd", ["-M", "-s", "/bin/sh", "-u", Uid.ToString(CultureInfo.InvariantCulture), UserName], captureErrors: true), "useradd");
        }
        _burner = Path.Combine(_directory.FullName, "burner");
        Check(ChildProcess.Run("gcc", ["-O2", "-Wall", "-pthread", "-o", _burner, burnerSource], captureErrors: true), "gcc");

        string rules = Path.Combine(_directory.FullName, "only-the-bench-user.yaml");
        string template = await File.ReadAllTextAsync(Path.Combine(root, "tests", "programs", "only-one-member.yaml"));
        await File.WriteAllTextAsync(rules, template.Replace("MEMBER", UserName, StringComparison.Ordinal));
        string config = Path.Combine(_directory.FullName, "collector.json");
        await File.WriteAllTextAsync(config, "{}");
        int port = FreePort();
        var builder = CollectorCommands.CreateBuilder(new FileInfo(config), _ => { },
        [
            new("Collector:StateDirectory", Path.Combine(_directory.FullName, "state")),
            new("Collector:Grpc:Listen", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)),
            new("Collector:Grpc:PlaintextOnLoopback", "true"),
            new("Collector:Response:PerHostActions", "10000"),
            new("Collector:Response:GlobalActions", "10000"),
            new("Collector:Detection:Rules:Paths:0", Path.Combine(root, "rules")),
            new("Collector:Detection:Rules:Paths:1", rules),
        ]);
        _collector = CollectorApp.Build(builder, services =>
            services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<BatchArrivals.Hook>(_arrivals)));
        await _collector.StartAsync();

        var (dotnet, arguments) = Ingest.TraceRecording.Dotnet(agentDll, "run");
        var start = new ProcessStartInfo(dotnet, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["HSGUARD_Agent__Collector__Address"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        start.Environment["HSGUARD_Agent__Collector__PlaintextOnLoopback"] = "true";
        start.Environment["HSGUARD_Agent__Collector__Host"] = Host;
        start.Environment["HSGUARD_Agent__Enforcement__CgroupParent"] = CgroupParent;
        start.Environment["HSGUARD_Agent__Enforcement__StateFile"] = Path.Combine(_directory.FullName, "agent-suspensions.json");
        _agent = Process.Start(start) ?? throw new InvalidOperationException("hsguard-agent did not start");
        _agent.OutputDataReceived += (_, e) => Append(e.Data);
        _agent.ErrorDataReceived += (_, e) => Append(e.Data);
        _agent.BeginOutputReadLine();
        _agent.BeginErrorReadLine();
        var registry = _collector.Services.GetRequiredService<HostRegistry>();
        await Until(() => registry.IsConnected(Host) || _agent.HasExited, "the agent to connect");
        if (_agent.HasExited)
        {
            throw new InvalidOperationException($"hsguard-agent exited with {_agent.ExitCode}:\n{AgentOutput}");
        }
    }

    /// <summary>One run: a new copy of the stand-in started, waited for until suspended, then killed through the collector.</summary>
    public async Task<ResponseTiming> MeasureAsync()
    {
        string directory = Path.Combine(_directory.FullName, "drop-" + (++_copies).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        string exe = Path.Combine(directory, "kthreaddi");
        File.Copy(_burner, exe);
        // A hash of its own: the agent would join a copy with the hash of a suspension to it.
        await File.AppendAllTextAsync(exe, Guid.NewGuid().ToString("N"));
        Check(ChildProcess.Run("chown", ["-R", $"{Uid}:{Uid}", directory], captureErrors: true), "chown");
        _arrivals.Clear();

        string uid = Uid.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("setpriv", ["--reuid=" + uid, "--regid=" + uid, "--clear-groups", exe, "-n", "kthreaddi", "-t", "1"])
        {
            UseShellExecute = false,
        };
        var started = DateTimeOffset.UtcNow;
        using var burner = Process.Start(info) ?? throw new InvalidOperationException("setpriv did not start");
        try
        {
            ulong startTicks = StartTicks(burner.Id);
            Incident? incident = null;
            IncidentAction? suspend = null;
            await Until(() => (incident ??= Incidents.All.FirstOrDefault(i => i.Host == Host && i.RootPid == burner.Id && i.RootStartTicks == startTicks)) is not null
                && (suspend = Incidents.Read(() => incident!.Actions.FirstOrDefault(a => a.Kind == "suspend" && a.CompletedAt is not null))) is not null,
                $"pid {burner.Id} to be suspended");
            if (suspend!.Status != "done")
            {
                throw new InvalidOperationException($"the suspension of pid {burner.Id} ended {suspend.Status}: {suspend.Reason}");
            }
            var decision = Incidents.Read(() => incident!.Actions.First(a => a.Kind == "decision" && a.Detail.StartsWith("verdict suspend", StringComparison.Ordinal)));
            if (!_arrivals.TryGet(burner.Id, startTicks, out var arrival))
            {
                throw new InvalidOperationException($"no batch listed pid {burner.Id} as started");
            }
            await KillAsync(incident!);
            return new ResponseTiming(arrival.Sampled - started, arrival.Received - arrival.Sampled, decision.Time - arrival.Received,
                suspend.CompletedAt!.Value - decision.Time, suspend.Method ?? "");
        }
        finally
        {
            if (!burner.HasExited)
            {
                burner.Kill();
            }
            await burner.WaitForExitAsync();
        }
    }

    private async Task KillAsync(Incident incident)
    {
        var response = _collector!.Services.GetRequiredService<ResponseService>();
        var (action, refusal) = await response.RequestAsync(incident.Id, CommandKind.Kill, "hsguard-bench", CancellationToken.None);
        if (action is null)
        {
            throw new InvalidOperationException("the kill was refused: " + refusal);
        }
        await Until(() => Incidents.Read(() => action.CompletedAt is not null), $"the kill of incident {incident.Id}");
        if (action.Status != "done")
        {
            throw new InvalidOperationException($"the kill of incident {incident.Id} ended {action.Status}: {action.Reason}");
        }
    }

    public string AgentOutput
    {
        get
        {
            lock (_agentOutput)
            {
                return _agentOutput.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            if (!_agent.HasExited)
            {
                // SIGTERM, as systemd stops it; its suspensions are all killed by now.
                ChildProcess.Run("kill", ["-TERM", _agent.Id.ToString(CultureInfo.InvariantCulture)]);
                using var stop = new CancellationTokenSource(Timeout);
                try
                {
                    await _agent.WaitForExitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    _agent.Kill();
                }
            }
            _agent.Dispose();
            // The agent keeps its parent cgroup (its suspensions are found there at a start); the
            // bench's, empty once every run's kill dissolved its cgroup, goes.
            foreach (string root in (string[])["/sys/fs/cgroup/freezer", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"])
            {
                if (Directory.Exists(Path.Combine(root, CgroupParent)))
                {
                    Directory.Delete(Path.Combine(root, CgroupParent));
                }
            }
        }
        if (_collector is not null)
        {
            await _collector.StopAsync();
            await _collector.DisposeAsync();
        }
        if (_createdUser)
        {
            ChildProcess.Run("userdel", [UserName]);
        }
        _directory.Delete(recursive: true);
    }

    private async Task Until(Func<bool> condition, string what)
    {
        long start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > Timeout)
            {
                throw new InvalidOperationException($"timed out after {Timeout.TotalSeconds} s waiting for {what}; the agent wrote:\n{AgentOutput}");
            }
            // Polling only to find the result: the times measured are those the programs recorded.
            await Task.Delay(20);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_agentOutput)
            {
                _agentOutput.AppendLine(line);
            }
        }
    }

    private static ulong StartTicks(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return ulong.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Check((int ExitCode, string Output, string Errors) result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({result.ExitCode}): {result.Errors.Trim()}");
        }
    }
}
