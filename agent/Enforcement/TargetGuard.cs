namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Says whether the agent may act on a process, and if not, why, in words a hostmaster reads.
/// Protected: pid 1; kernel threads (PF_KTHREAD); the agent itself and its ancestors (stopping the
/// service manager or a shell the agent runs under would stop the agent with it); root and system
/// users (uids below <see cref="EnforcementOptions.FirstMemberUid"/>, and 65534 and above) unless
/// <see cref="EnforcementOptions.AllowSystemUsers"/>; the configured users and executables. Any
/// of a process's four uids counts (real, effective, saved, file system): a member running a
/// set-uid program is running root's program.
/// </summary>
internal sealed class TargetGuard
{
    /// <summary>nobody; the uids from here on are the kernel's overflow and invalid ids.</summary>
    private const uint NobodyUid = 65534;

    private readonly EnforcementOptions _options;
    private readonly ProcessReader _reader;
    private readonly Func<uint, string?> _userName;
    private readonly int _self;
    private readonly HashSet<string> _protectedUsers;
    private readonly HashSet<string> _protectedExes;

    public TargetGuard(EnforcementOptions options, ProcessReader reader, Func<uint, string?> userName, int self)
    {
        _options = options;
        _reader = reader;
        _userName = userName;
        _self = self;
        _protectedUsers = new HashSet<string>(options.ProtectedUsers, StringComparer.Ordinal);
        _protectedExes = new HashSet<string>(options.ProtectedExes, StringComparer.Ordinal);
    }

    /// <summary>Null when <paramref name="p"/> may be acted on; otherwise why not.</summary>
    public string? Refusal(in ProcessFacts p)
    {
        if (p.Pid == 1)
        {
            return $"pid 1 ({p.Comm}) is the init process";
        }
        if (p.IsKernelThread)
        {
            return $"pid {p.Pid} ({p.Comm}) is a kernel thread";
        }
        if (p.Pid == _self)
        {
            return $"pid {p.Pid} is the agent itself";
        }
        if (IsAncestorOfAgent(p))
        {
            return $"pid {p.Pid} ({p.Comm}) is an ancestor of the agent";
        }
        // A process that is gone between the reads has no uids: refused, the caller sees it gone.
        uint[] uids = _reader.ReadUids(p.Pid) ?? [p.Uid];
        foreach (uint uid in uids.Distinct())
        {
            if (!_options.AllowSystemUsers && (uid < _options.FirstMemberUid || uid >= NobodyUid))
            {
                return uid == 0 ? "root is protected" : $"uid {uid} ({(_userName(uid) ?? "no name")}) is a system user";
            }
            if (_protectedUsers.Count > 0 && _userName(uid) is { } name && _protectedUsers.Contains(name))
            {
                return $"user {name} is protected by configuration";
            }
        }
        if (_protectedExes.Count > 0 && _reader.ReadExe(p.Pid).Path is { } exe && _protectedExes.Contains(exe))
        {
            return $"executable {exe} is protected by configuration";
        }
        return null;
    }

    /// <summary>Walks up from the agent to pid 1, afresh each time (a parent may exit and the
    /// agent be adopted meanwhile).</summary>
    private bool IsAncestorOfAgent(in ProcessFacts p)
    {
        int pid = _self;
        for (int depth = 0; depth < 256 && pid > 1; depth++)
        {
            if (!_reader.TryRead(pid, out var ancestor))
            {
                return false;
            }
            if (ancestor.Pid == p.Pid && ancestor.StartTicks == p.StartTicks && pid != _self)
            {
                return true;
            }
            pid = ancestor.ParentPid;
        }
        return false;
    }

}
