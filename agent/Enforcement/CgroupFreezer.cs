using System.Globalization;
using System.Text;
using HsGuard.Agent.Native;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Holds an incident's processes in a cgroup of its own, root-owned (0755), frozen before the first
/// process is moved in: a task that enters a frozen cgroup freezes, so a parent cannot fork a child
/// past us, and a frozen task ignores SIGCONT, so a watchdog of the same user cannot thaw it (nor
/// move it out: that takes write access to the root-owned cgroup.procs of both cgroups).
/// cgroup v2 (cgroup-v2.rst, "Core Interface Files"): cgroup.freeze takes 1 or 0, and the line
/// "frozen 1" of cgroup.events says when every task is frozen. cgroup v1 (freezer-subsystem.rst):
/// freezer.state takes FROZEN or THAWED and reads FREEZING until every task is frozen.
/// A frozen task shows 'D' in /proc/PID/stat under the v1 freezer and 'S' under v2.
/// </summary>
internal sealed class CgroupFreezer : ISuspensionMethod
{
    /// <summary>rwxr-xr-x: only root changes what is in it or how it stands.</summary>
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _root;
    private readonly string _parent;
    private readonly bool _v2;
    private readonly ProcessReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly byte[] _buffer = new byte[4096];

    private CgroupFreezer(string root, string parent, bool v2, ProcessReader reader, TimeProvider time, ILogger log)
    {
        _root = root;
        _parent = parent;
        _v2 = v2;
        _reader = reader;
        _time = time;
        _log = log;
    }

    public string Name => _v2 ? "cgroup v2 freezer" : "cgroup v1 freezer";

    public string HeldOutcome => "frozen";

    public bool UndoneBySigcont => false;

    /// <summary>The agent's parent cgroup, which holds one cgroup an incident.</summary>
    public string ParentDirectory => _parent;

    /// <summary>Makes the agent's parent cgroup under <paramref name="root"/> (a v2 hierarchy when
    /// it has cgroup.controllers, else a v1 one) and checks that it can freeze. Null, with why, when
    /// the hierarchy has no freezer.</summary>
    public static CgroupFreezer? TryOpen(string root, string parentName, ProcessReader reader, TimeProvider time, ILogger log,
        out string? error)
    {
        bool v2 = File.Exists(Path.Combine(root, "cgroup.controllers"));
        string parent = Path.Combine(root, parentName);
        int rc = Posix.MakeRootDirectory(parent, DirectoryMode);
        string freezeFile = Path.Combine(parent, v2 ? "cgroup.freeze" : "freezer.state");
        if (rc < 0 || !File.Exists(freezeFile))
        {
            error = rc < 0
                ? $"cannot make the cgroup {parent}: errno {-rc}"
                : $"{root} is not a cgroup v2 hierarchy nor a cgroup v1 freezer hierarchy (no {Path.GetFileName(freezeFile)} in {parent})";
            if (rc == 0)
            {
                Posix.RemoveDirectory(parent);
            }
            return null;
        }
        error = null;
        return new CgroupFreezer(root, parent, v2, reader, time, log);
    }

    public void Prepare(Suspension suspension)
    {
        string directory = DirectoryOf(suspension);
        int rc = Posix.MakeRootDirectory(directory, DirectoryMode);
        if (rc < 0)
        {
            throw new IOException($"cannot make the cgroup {directory}: errno {-rc}");
        }
        // Frozen first, empty: whatever is moved in from now on freezes on arrival.
        SetFrozen(directory, true);
    }

    public TargetState Hold(Suspension suspension, in ProcessFacts process, out string? originalCgroup)
    {
        originalCgroup = CgroupOf(process.Pid);
        if (originalCgroup is null)
        {
            return TargetState.Gone;
        }
        // The start time was checked a moment ago; a pid reused within these microseconds would
        // need the pid space to wrap around meanwhile.
        int rc = Move(process.Pid, DirectoryOf(suspension));
        if (rc == -Posix.ESRCH)
        {
            return TargetState.Gone;
        }
        if (rc < 0)
        {
            throw new IOException($"cannot move pid {process.Pid} into {DirectoryOf(suspension)}: errno {-rc}");
        }
        return TargetState.Alive;
    }

    public IReadOnlySet<int> Contained(Suspension suspension) => ReadProcs(DirectoryOf(suspension));

    public bool IsHeld(in ProcessFacts process, IReadOnlySet<int>? contained) => contained?.Contains(process.Pid) == true;

    public Task<bool> SettleAsync(Suspension suspension, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string directory = DirectoryOf(suspension);
        return Polling.UntilAsync(() => IsFrozen(directory), timeout, _time, cancellationToken);
    }

    public void Reassert(Suspension suspension)
    {
        string directory = DirectoryOf(suspension);
        if (!Directory.Exists(directory))
        {
            // Only root could have removed it; the members are moved back in by the caller.
            Prepare(suspension);
            return;
        }
        if (!IsFreezeSet(directory))
        {
            SetFrozen(directory, true);
        }
    }

    public void Release(Suspension suspension)
    {
        string directory = DirectoryOf(suspension);
        if (!Directory.Exists(directory))
        {
            return;
        }
        // Moved back while the cgroup is still frozen: each task thaws as it leaves (a task takes
        // the state of the cgroup it enters), and none of them forks into the frozen one meanwhile.
        foreach (int pid in ReadProcs(directory))
        {
            string? original = suspension.Members.TryGetValue(pid, out var member) ? member.OriginalCgroup : null;
            if (original is null || Move(pid, Path.Join(_root, original)) < 0)
            {
                Move(pid, _root);
            }
        }
        SetFrozen(directory, false);
        Remove(directory);
    }

    public async Task DissolveAsync(Suspension suspension, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string directory = DirectoryOf(suspension);
        if (!Directory.Exists(directory))
        {
            return;
        }
        // A SIGKILL to a task frozen by the v1 freezer waits until it thaws; v2 delivers it anyway.
        SetFrozen(directory, false);
        // The cgroup can be removed once its tasks are gone; dying ones keep it busy a moment.
        int rc = 0;
        await Polling.UntilAsync(() => (rc = Posix.RemoveDirectory(directory)) != -Posix.EBUSY, timeout, _time, cancellationToken);
        if (rc < 0 && rc != -Posix.ENOENT)
        {
            EnforcementLog.CgroupNotRemoved(_log, directory, -rc);
        }
    }

    public IReadOnlyDictionary<long, IReadOnlySet<int>> Discover()
    {
        var found = new Dictionary<long, IReadOnlySet<int>>();
        if (!Directory.Exists(_parent))
        {
            return found;
        }
        foreach (string directory in Directory.EnumerateDirectories(_parent, "incident-*"))
        {
            if (long.TryParse(Path.GetFileName(directory)["incident-".Length..], NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out long incident))
            {
                found[incident] = ReadProcs(directory);
            }
        }
        return found;
    }

    private string DirectoryOf(Suspension suspension) => Path.Combine(_parent, suspension.CgroupName);

    /// <summary>The process's cgroup in this hierarchy, relative to its root; null when it is gone.</summary>
    private string? CgroupOf(int pid)
    {
        int n = _reader.ReadFile(pid, "cgroup"u8, _buffer);
        return n > 0 ? CgroupFileParser.FindPath(Encoding.UTF8.GetString(_buffer, 0, n), _v2 ? null : "freezer") : null;
    }

    private static int Move(int pid, string directory)
    {
        Span<byte> text = stackalloc byte[16];
        pid.TryFormat(text, out int n, default, CultureInfo.InvariantCulture);
        return Posix.WriteControlFile(Path.Combine(directory, "cgroup.procs"), text[..n]);
    }

    private void SetFrozen(string directory, bool frozen)
    {
        string file = Path.Combine(directory, _v2 ? "cgroup.freeze" : "freezer.state");
        var value = _v2 ? (frozen ? "1"u8 : "0"u8) : (frozen ? "FROZEN"u8 : "THAWED"u8);
        int rc = Posix.WriteControlFile(file, value);
        if (rc < 0)
        {
            throw new IOException($"cannot {(frozen ? "freeze" : "thaw")} the cgroup {directory}: errno {-rc}");
        }
    }

    /// <summary>Whether freezing was asked for (it may still be under way).</summary>
    private bool IsFreezeSet(string directory) => _v2
        ? ReadText(Path.Combine(directory, "cgroup.freeze")).Trim() == "1"
        : ReadText(Path.Combine(directory, "freezer.state")).Trim() is "FROZEN" or "FREEZING";

    /// <summary>Whether every task in it is frozen.</summary>
    private bool IsFrozen(string directory) => _v2
        ? ReadText(Path.Combine(directory, "cgroup.events")).Split('\n').Contains("frozen 1", StringComparer.Ordinal)
        : ReadText(Path.Combine(directory, "freezer.state")).Trim() == "FROZEN";

    private void Remove(string directory)
    {
        int rc = Posix.RemoveDirectory(directory);
        if (rc < 0 && rc != -Posix.ENOENT)
        {
            EnforcementLog.CgroupNotRemoved(_log, directory, -rc);
        }
    }

    private static HashSet<int> ReadProcs(string directory)
    {
        var pids = new HashSet<int>();
        foreach (string line in ReadText(Path.Combine(directory, "cgroup.procs")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                pids.Add(pid);
            }
        }
        return pids;
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }
}
