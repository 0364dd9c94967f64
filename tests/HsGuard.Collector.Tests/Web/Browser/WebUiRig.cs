using System.Globalization;
using System.Text.Json;
using HsGuard.Collector.Tests.Evaluation;
using HsGuard.Collector.Web.Accounts;
using HsGuard.Testing;
using Microsoft.Playwright;

namespace HsGuard.Collector.Tests.Web.Browser;

/// <summary>
/// What the browser tests drive: <c>hsguard-collector run --local-agent</c> as its own process (the
/// real collector and this machine's real agent, streaming over mutual TLS on loopback, the web UI
/// on a free loopback port), a member-like test user made here and removed at the end, and Debian's
/// Chromium, headless, driven by Playwright over its own driver (no browser download).
///
/// The agent acts only on the test user: its first member uid is the test user's, which is higher
/// than any other test's, and every other user from there up is protected, so that the processes
/// of other tests running on the machine are never suspended by this collector.
/// </summary>
public sealed class WebUiRig : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string UserName = "hwt01-web";
    public const string Member = "hwt01";
    public const uint Uid = 64990;
    /// <summary>Another member's user, whose incidents the member account must not see.</summary>
    public const string OtherUserName = "hwt02-web";
    public const uint OtherUid = 64991;
    public const string Hostmaster = "alice";
    public const string MemberAccount = "hwt01";

    private readonly TempDirectory _dir = new();
    private readonly List<BurnerProcess> _miners = [];
    private readonly List<string> _usersCreated = [];
    private IPlaywright? _playwright;

    public string HostmasterPassword { get; } = Secrets.NewPassword();

    public string MemberPassword { get; } = Secrets.NewPassword();

    public string CgroupParent { get; } = "hsguard-webtest-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public int WebPort { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{WebPort}";

    /// <summary>The local agent's host name: the machine's, or localhost when that is not a valid one (as LocalAgent chooses).</summary>
    public string HostName { get; } = HsGuard.Protocol.Hosting.HostNames.IsValid(Environment.MachineName) ? Environment.MachineName : "localhost";

    public RunningProgram Collector { get; private set; } = null!;

    public IBrowserContext Browser { get; private set; } = null!;

    /// <summary>Requests a page made anywhere but the collector (an asset from outside).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ForeignRequests { get; } = new();

    /// <summary>Where the miners' executables are: in /tmp, as a dropper puts them.</summary>
    public static string MinerDirectory { get; } = Path.Combine("/tmp", "hsguard-webtest-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public static string Screenshots { get; } = RepositoryPaths.Combine("TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: tests/run installs Debian's chromium package");
        await AddUserAsync(UserName, Uid);
        await AddUserAsync(OtherUserName, OtherUid);
        WebPort = LoopbackPorts.Free();
        int grpcPort = LoopbackPorts.Free();
        string accounts = _dir.Combine("accounts.yaml");
        await File.WriteAllTextAsync(accounts, $"""
            accounts:
              - name: {Hostmaster}
                role: hostmaster
                password: "{Secrets.HashPassword(HostmasterPassword)}"
              - name: {MemberAccount}
                role: member
                member: {Member}
                password: "{Secrets.HashPassword(MemberPassword)}"
            """);
        string config = _dir.Combine("collector.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Collector = new
            {
                StateDirectory = _dir.Combine("state"),
                Grpc = new { Listen = $"127.0.0.1:{grpcPort}" },
                Web = new { Listen = $"127.0.0.1:{WebPort}", AccountsFile = accounts },
                // Other tests' miners on this machine open incidents here too (the agent refuses to
                // act on them): they must not use up the test miner's automatic suspension.
                Response = new { PerHostActions = 1000, GlobalActions = 1000 },
            },
            Agent = new
            {
                Sampler = new { Interval = "00:00:00.500" },
                Enforcement = new
                {
                    FirstMemberUid = Uid,
                    ProtectedUsers = OtherUsersFrom(Uid),
                    CgroupParent,
                    StateFile = _dir.Combine("agent-suspensions.json"),
                },
            },
        }));
        Collector = await HsGuardProgram.StartListeningAsync(HsGuardProgram.Collector, ["run", "--local-agent", "--config", config], WebPort);
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        // A persistent context on a fresh profile directory: Playwright passes it to Chromium as
        // --user-data-dir (it refuses that flag among the arguments).
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_dir.Combine("chromium-profile"), new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new() { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        // Nothing but the collector: any other request is refused and kept for the tests to fail on.
        await Browser.RouteAsync(url => !url.StartsWith(BaseUrl + "/", StringComparison.Ordinal) && url != BaseUrl, async route =>
        {
            ForeignRequests.Enqueue(route.Request.Url);
            await route.AbortAsync();
        });
    }

    /// <summary>A miner stand-in as the test user: a copy of the burner in /tmp named like a kernel
    /// thread (<c>kthreaddi</c>), computing on one thread.</summary>
    /// <param name="group">Miners of one group run the same copy, so that an allow entry for one
    /// covers the next. Each group has its own, with the group's name appended (an ELF file runs
    /// the same with bytes after its end): the agent joins a newcomer whose executable has a
    /// suspended program's SHA-256 to that suspension, and two tests' miners must not mix.</param>
    /// <param name="uid">Whose: the test user's, or the other member's (<see cref="OtherUid"/>).</param>
    public BurnerProcess StartMiner(string group, uint uid = Uid)
    {
        string directory = Path.Combine(MinerDirectory, group);
        string executable = Path.Combine(directory, "kthreaddi");
        if (!File.Exists(executable))
        {
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(MinerDirectory, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            Burner.CopyTo(executable);
            File.AppendAllText(executable, "\nhsguard-webtest " + group + "\n");
        }
        var miner = Burner.StartFrom(executable, "-u", uid.ToString(CultureInfo.InvariantCulture), "-n", "kthreaddi", "-t", "1", "-d", "0.6");
        _miners.Add(miner);
        return miner;
    }

    /// <summary>The browser's page, logged out (a test that failed half-way may have left a session).</summary>
    public async Task<IPage> PageAsync()
    {
        await Browser.ClearCookiesAsync();
        var page = Browser.Pages.Count > 0 ? Browser.Pages[0] : await Browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async Task LoginAsync(IPage page, string name, string password)
    {
        await page.GotoAsync(BaseUrl + "/login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(BaseUrl + "/incidents");
    }

    public async Task LogoutAsync(IPage page)
    {
        await page.ClickAsync("header .who button");
        await page.WaitForURLAsync(BaseUrl + "/login");
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>The state letter of a process (field 3 of /proc/PID/stat); null when it is gone.</summary>
    /// <summary>How many processes of <paramref name="uid"/> /proc lists now (by the real uid, as the agent counts them).</summary>
    public static int ProcessesOf(uint uid)
    {
        int count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    {
                        if (line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == uid.ToString(CultureInfo.InvariantCulture))
                        {
                            count++;
                        }
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return count;
    }

    public static char? ProcState(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Collector is not null)
        {
            await Collector.StopAsync(TimeSpan.FromSeconds(20));
            Collector.Dispose();
        }
        // A frozen process dies only once thawed: thaw (and remove) the agent's cgroups first, and
        // take each miner out of any other freezer: another collector's agent on this machine may
        // have suspended it too (to that agent the test user is a member like any other).
        SweepCgroups();
        foreach (var miner in _miners)
        {
            ReleaseFromFreezers(miner.Pid);
            miner.Dispose();
        }
        await UserProcesses.KillAllAsync(Uid, CancellationToken.None);
        await UserProcesses.KillAllAsync(OtherUid, CancellationToken.None);
        foreach (string user in _usersCreated)
        {
            await EvaluationUsers.RetryWhileLockedAsync("userdel", [user], CancellationToken.None);
        }
        if (Directory.Exists(MinerDirectory))
        {
            Directory.Delete(MinerDirectory, recursive: true);
        }
        _dir.Dispose();
    }

    private async Task AddUserAsync(string name, uint uid)
    {
        var (exit, output, _) = await SystemCommand.TryRunAsync("id", ["-u", name], CancellationToken.None);
        if (exit == 0)
        {
            Assert.Equal(uid.ToString(CultureInfo.InvariantCulture), output.Trim());
            return;
        }
        await EvaluationUsers.RetryWhileLockedAsync("useradd", ["-M", "-s", "/usr/sbin/nologin", "-u", uid.ToString(CultureInfo.InvariantCulture), name],
            CancellationToken.None);
        _usersCreated.Add(name);
    }

    /// <summary>The users of this machine with a uid at or above <paramref name="uid"/> other than the test users (nobody, say).</summary>
    private static string[] OtherUsersFrom(uint uid) =>
        File.ReadAllLines("/etc/passwd").Select(line => line.Split(':')).Where(f => f.Length > 2 && f[0] != UserName && f[0] != OtherUserName
            && uint.TryParse(f[2], CultureInfo.InvariantCulture, out uint u) && u >= uid).Select(f => f[0]).ToArray();

    private void SweepCgroups()
    {
        foreach (string root in new[] { "/sys/fs/cgroup/freezer", "/sys/fs/cgroup/unified", "/sys/fs/cgroup" })
        {
            string top = Path.Combine(root, CgroupParent);
            if (!Directory.Exists(top))
            {
                continue;
            }
            foreach (string cgroup in Directory.EnumerateDirectories(top, "*", SearchOption.AllDirectories).Reverse().Append(top))
            {
                TryWrite(Path.Combine(cgroup, "freezer.state"), "THAWED");
                TryWrite(Path.Combine(cgroup, "cgroup.freeze"), "0");
                foreach (string pid in File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")).Where(p => p.Length > 0))
                {
                    TryWrite(Path.Combine(root, "cgroup.procs"), pid);
                }
                try
                {
                    Directory.Delete(cgroup);
                }
                catch (IOException)
                {
                    // busy a moment longer: left for the machine's next clean-up
                }
            }
        }
    }

    /// <summary>Moves one of our processes into the root cgroup of each hierarchy where it sits in a
    /// freezer's group (v1 <c>freezer</c>, or v2), which thaws it.</summary>
    private static void ReleaseFromFreezers(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/cgroup");
        }
        catch (IOException)
        {
            return;
        }
        foreach (string[] fields in lines.Select(line => line.Split(':', 3)).Where(f => f.Length == 3 && f[2] != "/"))
        {
            string? root = fields[1] == "freezer" ? "/sys/fs/cgroup/freezer"
                : fields[0] == "0" ? (Directory.Exists("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup")
                : null;
            if (root is not null)
            {
                TryWrite(Path.Combine(root, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
