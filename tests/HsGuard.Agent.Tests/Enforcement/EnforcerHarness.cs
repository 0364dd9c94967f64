using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using HsGuard.Agent.Enforcement;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Streaming;
using HsGuard.Protocol.V1;
using HsGuard.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>
/// One test's enforcer on the real /proc and cgroups, with its state and crontabs in a temporary
/// directory and its cgroups under the fixture's parent. Starts burners as the test user and, on
/// dispose, releases every suspension, ends every process it started (by pid) and removes the
/// cgroups, whatever the test left.
/// </summary>
internal sealed class EnforcerHarness : IAsyncDisposable
{
    private readonly EnforcementFixture _fixture;
    private readonly List<IDisposable> _processes = [];
    private readonly Lifetime _lifetime = new();
    private EnforcementService? _service;
    private int _commands;

    /// <summary>Skips the test where the host lacks the hierarchy <paramref name="cgroupRoot"/> names.</summary>
    public EnforcerHarness(EnforcementFixture fixture, string cgroupRoot, Action<EnforcementOptions>? configure = null)
    {
        Methods.Require(cgroupRoot);
        _fixture = fixture;
        Directory = new TempDirectory();
        Options = new EnforcementOptions
        {
            CgroupRoot = cgroupRoot,
            CgroupParent = fixture.CgroupParent,
            StateFile = Directory.Combine("state", "suspensions.json"),
            CrontabDirectory = Directory.Combine("crontabs"),
        };
        configure?.Invoke(Options);
        System.IO.Directory.CreateDirectory(Options.CrontabDirectory);
        Outbox = new MessageOutbox(Microsoft.Extensions.Options.Options.Create(new StreamOptions()), new TypedLogger<MessageOutbox>(Log));
        Enforcer = CreateEnforcer();
    }

    public TempDirectory Directory { get; }

    public EnforcementOptions Options { get; }

    public RecordingLogger Log { get; } = new();

    public MessageOutbox Outbox { get; }

    public Enforcer Enforcer { get; private set; }

    public CommandInbox? Inbox { get; private set; }

    /// <summary>A new enforcer on the same state file and cgroups: an agent restart.</summary>
    public Enforcer Restart()
    {
        Enforcer.Dispose();
        Enforcer = CreateEnforcer();
        Enforcer.Restore();
        return Enforcer;
    }

    /// <summary>Runs the enforcer in its service loop (commands through <see cref="Inbox"/>,
    /// ticks every <paramref name="interval"/>).</summary>
    public async Task StartServiceAsync(TimeSpan interval)
    {
        Inbox = new CommandInbox(Outbox, TimeProvider.System, new TypedLogger<CommandInbox>(Log));
        _service = new EnforcementService(Enforcer, Inbox, Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(new SamplerOptions { Interval = interval }), TimeProvider.System, _lifetime,
            new TypedLogger<EnforcementService>(Log));
        await _service.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A burner as the test user (it switches with -u after it started).</summary>
    public BurnerProcess StartBurner(params string[] args) => StartBurnerFrom(Burner.Program, args);

    public BurnerProcess StartBurnerFrom(string executable, params string[] args) =>
        Track(Burner.StartFrom(executable, ["-u", EnforcementFixture.Uid.ToString(CultureInfo.InvariantCulture), .. args]));

    public UserScript RunAsUser(string script) => Track(TestUser.Run(script));

    /// <summary>Ends the process now (by its pid), as a test step.</summary>
    public void Stop(IDisposable process)
    {
        _processes.Remove(process);
        process.Dispose();
    }

    /// <summary>The harness ends <paramref name="process"/> on dispose (after thawing it: a frozen
    /// process does not die of SIGKILL until it thaws); a test does not dispose it itself.</summary>
    public T Track<T>(T process) where T : IDisposable
    {
        _processes.Add(process);
        return process;
    }

    public Command Command(CommandKind kind, int pid, CommandScope scope = CommandScope.Tree, long incident = 1, ulong? startTicks = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Command
        {
            Id = "cmd-" + (++_commands).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
            Kind = kind,
            Target = new ProcessKey { Pid = pid, StartTicks = startTicks ?? (pid > 0 ? ProcStat.Of(pid).StartTicks : 0) },
            Scope = scope,
            IncidentId = incident,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now.AddMinutes(1)),
            IssuedBy = "test",
        };
    }

    public Task<CommandResult> ExecuteAsync(Command command) => Enforcer.ExecuteAsync(command, TestContext.Current.CancellationToken);

    public Task<CommandResult> SuspendAsync(int pid, CommandScope scope = CommandScope.Tree, long incident = 1) =>
        ExecuteAsync(Command(CommandKind.Suspend, pid, scope, incident));

    /// <summary>Takes every message waiting in the outbox, in the order the streamer would send them.</summary>
    public List<AgentMessage> Drain()
    {
        var messages = new List<AgentMessage>();
        while (Outbox.Peek() is { } message)
        {
            messages.Add(message);
            Outbox.Remove(message);
        }
        return messages;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) for a message in the outbox that
    /// <paramref name="match"/> accepts, taking the ones before it.</summary>
    public async Task<AgentMessage> WaitForAsync(Func<AgentMessage, bool> match, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            while (Outbox.Peek() is { } message)
            {
                Outbox.Remove(message);
                if (match(message))
                {
                    return message;
                }
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"no matching message within {timeout}");
    }

    /// <summary>No unexpected warnings or errors, and the service loop did not fail.</summary>
    public void AssertNoErrors()
    {
        Assert.False(_lifetime.Stopped, "the enforcement loop failed: " + string.Join("; ", Log.AtLeast(LogLevel.Critical).Select(e => e.Message)));
        Assert.Empty(Log.AtLeast(LogLevel.Error));
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
        }
        foreach (var incident in Enforcer.Suspensions.Keys.ToList())
        {
            await Enforcer.ExecuteAsync(Command(CommandKind.Resume, 0, incident: incident), CancellationToken.None);
        }
        Enforcer.Dispose();
        // Thawed first: a frozen process does not die of SIGKILL until it thaws.
        foreach (string root in EnforcementFixture.CgroupRoots)
        {
            string parent = Path.Combine(root, _fixture.CgroupParent);
            if (System.IO.Directory.Exists(parent))
            {
                foreach (string cgroup in System.IO.Directory.EnumerateDirectories(parent))
                {
                    EnforcementFixture.Thaw(cgroup);
                }
            }
        }
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        EnforcementFixture.Sweep(_fixture.CgroupParent);
        Directory.Dispose();
    }

    private Enforcer CreateEnforcer() => new(Options, "/proc", Environment.ProcessId, Outbox, TimeProvider.System, new TypedLogger<Enforcer>(Log));

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public bool Stopped { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped = true;
    }
}
