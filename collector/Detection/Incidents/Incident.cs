namespace HsGuard.Collector.Detection.Incidents;

/// <summary>
/// Findings about one process tree of one user on one host. Its score is the sum of the weights
/// of the distinct rules that fired in it; its verdict follows the score and only ever rises; its
/// severity is the highest priority among its rules. The offender is the process the most weight
/// fired on (the miner); the root is the top of its tree under this user (what a suspension
/// stops).
/// </summary>
public sealed class Incident
{
    private readonly Dictionary<string, Finding> _findings = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Pid, ulong StartTicks), int> _weightByProcess = [];
    private readonly Dictionary<Verdict, DateTimeOffset> _verdictTimes = [];

    internal Incident(long id, string host, uint uid, string user, int rootPid, ulong rootStartTicks, DateTimeOffset openedAt)
    {
        Id = id;
        Host = host;
        Uid = uid;
        User = user;
        RootPid = rootPid;
        RootStartTicks = rootStartTicks;
        OpenedAt = openedAt;
        // Active from its opening: an incident written before its first findings (the collector
        // died in between) and taken back at a start is not quiet since year 1, so it is not let
        // go of before the resent batch finds it again by its root.
        LastActivity = openedAt;
        _verdictTimes[Verdict.Record] = openedAt;
    }

    /// <summary>Given by the store when the incident is first written (unique across collectors
    /// sharing a database).</summary>
    public long Id { get; internal set; }

    public string Host { get; }

    public uint Uid { get; }

    public string User { get; }

    /// <summary>The top of the process tree (0 for an incident about the user as a whole).</summary>
    public int RootPid { get; }

    public ulong RootStartTicks { get; }

    public int OffenderPid { get; private set; }

    public ulong OffenderStartTicks { get; private set; }

    public string OffenderComm { get; private set; } = "";

    public string OffenderExe { get; private set; } = "";

    /// <summary>The offender's first sample.</summary>
    public DateTimeOffset FirstSeen { get; private set; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset LastActivity { get; private set; }

    public int Score { get; private set; }

    public Verdict Verdict { get; private set; }

    /// <summary>When the current verdict was reached.</summary>
    public DateTimeOffset DetectedAt => _verdictTimes[Verdict];

    /// <summary>The highest priority (Falco's scale) of its rules.</summary>
    public string Severity { get; private set; } = "DEBUG";

    public IReadOnlyCollection<Finding> Findings => _findings.Values;

    public IReadOnlyDictionary<Verdict, DateTimeOffset> VerdictTimes => _verdictTimes;

    public IncidentEvidence? Evidence { get; internal set; }

    public IncidentStatus Status { get; internal set; }

    /// <summary>Decisions, commands and their results, in order.</summary>
    public List<IncidentAction> Actions { get; } = [];

    /// <summary>What the agent captured when it suspended the incident's processes.</summary>
    public List<StoredEvidence> Captured { get; } = [];

    public IEnumerable<(int Pid, ulong StartTicks)> Processes => _weightByProcess.Keys;

    /// <summary>An incident as the store kept it, made live again at a start.</summary>
    internal static Incident Restore(long id, string host, uint uid, string user, int rootPid, ulong rootStartTicks, DateTimeOffset openedAt,
        (int Pid, ulong StartTicks, string Comm, string Exe) offender, DateTimeOffset firstSeen, DateTimeOffset lastActivity,
        int score, Verdict verdict, string severity, IncidentStatus status, IReadOnlyDictionary<Verdict, DateTimeOffset> verdictTimes,
        IEnumerable<Finding> findings)
    {
        var incident = new Incident(id, host, uid, user, rootPid, rootStartTicks, openedAt)
        {
            OffenderPid = offender.Pid,
            OffenderStartTicks = offender.StartTicks,
            OffenderComm = offender.Comm,
            OffenderExe = offender.Exe,
            FirstSeen = firstSeen,
            LastActivity = lastActivity,
            Score = score,
            Verdict = verdict,
            Severity = severity,
            Status = status,
        };
        foreach (var (v, time) in verdictTimes)
        {
            incident._verdictTimes[v] = time;
        }
        foreach (var finding in findings)
        {
            incident._findings[finding.Rule] = finding;
            incident._weightByProcess[(finding.Pid, finding.StartTicks)] =
                incident._weightByProcess.GetValueOrDefault((finding.Pid, finding.StartTicks)) + finding.Weight;
        }
        return incident;
    }

    public bool Involves(int pid, ulong startTicks) => _weightByProcess.ContainsKey((pid, startTicks));

    /// <summary>Adds what fired on one process (pid 0: on the user). Returns whether the verdict rose.</summary>
    internal bool Add(IReadOnlyList<FiredRule> fired, int pid, ulong startTicks, string comm, string exe, DateTimeOffset processFirstSeen,
        DateTimeOffset time, DetectionOptions options)
    {
        LastActivity = time;
        if (!_weightByProcess.ContainsKey((pid, startTicks)))
        {
            _weightByProcess[(pid, startTicks)] = 0;
        }
        foreach (var rule in fired)
        {
            if (_findings.TryGetValue(rule.Name, out var finding))
            {
                finding.LastFired = time;
                finding.Times++;
                continue;
            }
            _findings[rule.Name] = new Finding(rule.Name, rule.Weight, rule.Priority, rule.Tags, pid, startTicks, rule.Output, time);
            Score += rule.Weight;
            _weightByProcess[(pid, startTicks)] += rule.Weight;
            if (Priorities.Rank(rule.Priority) > Priorities.Rank(Severity))
            {
                Severity = rule.Priority;
            }
        }
        if (pid != 0 && (OffenderPid == 0 || _weightByProcess[(pid, startTicks)] > _weightByProcess.GetValueOrDefault((OffenderPid, OffenderStartTicks))))
        {
            OffenderPid = pid;
            OffenderStartTicks = startTicks;
            OffenderComm = comm;
            OffenderExe = exe;
            FirstSeen = processFirstSeen;
        }
        else if (OffenderPid == 0 && FirstSeen == default)
        {
            FirstSeen = processFirstSeen;
        }
        var verdict = Score >= options.SuspendScore ? Verdict.Suspend : Score >= options.AlertScore ? Verdict.Alert : Verdict.Record;
        if (verdict <= Verdict)
        {
            return false;
        }
        for (var v = Verdict + 1; v <= verdict; v++)
        {
            _verdictTimes[v] = time;
        }
        Verdict = verdict;
        return true;
    }
}
