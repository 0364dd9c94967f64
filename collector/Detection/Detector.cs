using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Detection.Baseline;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Ingest;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Detection;

/// <summary>
/// Detection of one applied batch, on the ingest path under the host's lock: the process rules for
/// every process the batch named (new ones, and known ones that changed: a process that did
/// nothing has nothing new to say), the user rules for every user whose minute just completed and
/// was scored by the baseline; what fired goes to the incident book. A process (or a user's
/// user-wide findings) that hostmasters allowed (a false positive) is not looked at. Live ingest
/// and replay run this same code.
/// </summary>
internal sealed class Detector : IDisposable
{
    private readonly RulesService _rules;
    private readonly IncidentBook _incidents;
    private readonly BaselineService _baseline;
    private readonly DetectionOptions _options;
    private readonly AllowList _allowed;
    // Sessions of different hosts detect at the same time: scratch state per thread.
    private readonly ThreadLocal<Scratch> _scratch;
    private (RuleSet? Rules, IReadOnlyList<string> KernelThreads, IReadOnlySet<string> Services) _lists;

    public Detector(RulesService rules, IncidentBook incidents, BaselineService baseline, IOptions<DetectionOptions> options, AllowList allowed)
    {
        _allowed = allowed;
        _rules = rules;
        _incidents = incidents;
        _baseline = baseline;
        _options = options.Value;
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(_options, _baseline));
    }

    public IncidentBook Incidents => _incidents;

    public void Dispose() => _scratch.Dispose();

    public void OnBatch(HostState host, Batch batch, DateTimeOffset time)
    {
        var rules = _rules.Current;
        var (kernelThreads, services) = Lists(rules);
        var scratch = _scratch.Value!;
        Evaluate(host, batch.Started, rules, kernelThreads, services, scratch, time);
        Evaluate(host, batch.Updated, rules, kernelThreads, services, scratch, time);

        if (!_baseline.Enabled)
        {
            return;
        }
        foreach (var (user, window) in _baseline.Windows.Observe(host, batch, time))
        {
            if (_baseline.Observe(user, window) is not { } score)
            {
                continue;
            }
            scratch.User.Reset(host, user.Uid, score.Score);
            if (_allowed.AllowsUser(host.Host, scratch.User.Name))
            {
                continue;
            }
            scratch.Fired.Clear();
            rules.EvaluateAll(scratch.User, RuleSource.User, scratch.Fired);
            if (scratch.Fired.Count > 0)
            {
                _incidents.ReportUser(host, user.Uid, scratch.User.Name, Describe(rules, scratch, scratch.User), score.Score, time);
            }
        }
    }

    private void Evaluate(HostState host, IReadOnlyList<ProcessSample> samples, RuleSet rules, IReadOnlyList<string> kernelThreads,
        IReadOnlySet<string> services, Scratch scratch, DateTimeOffset time)
    {
        foreach (var sample in samples)
        {
            var process = host.Find(sample.Pid, sample.StartTicks);
            if (process is null || process.KernelThread || process.Incomplete || _allowed.AllowsProcess(host.Host, process.User, process.Exe))
            {
                continue;
            }
            scratch.Process.Reset(host, process, time, kernelThreads);
            scratch.Fired.Clear();
            rules.EvaluateAll(scratch.Process, RuleSource.Process, scratch.Fired);
            if (scratch.Fired.Count > 0)
            {
                _incidents.Report(host, process, Describe(rules, scratch, scratch.Process), services, _baseline.Score(host.Host, process.Uid), time);
            }
        }
    }

    /// <summary>The rules that fired, as the incident book takes them: the thread's reusable
    /// instances, bound to <paramref name="facts"/>, so that an output is formatted only when the
    /// book keeps it (a finding new to its incident), and nothing is allocated per sample.</summary>
    private List<FiredRule> Describe(RuleSet rules, Scratch scratch, IFieldSource facts)
    {
        var described = scratch.Described;
        described.Clear();
        foreach (var rule in scratch.Fired)
        {
            _rules.RecordFired(rule);
            described.Add(scratch.Firing(rules, rule).For(facts));
        }
        return described;
    }

    /// <summary>The lists detection itself needs from the rules, looked up once per rule set.</summary>
    private (IReadOnlyList<string> KernelThreads, IReadOnlySet<string> Services) Lists(RuleSet rules)
    {
        var lists = _lists;
        if (!ReferenceEquals(lists.Rules, rules))
        {
            lists = (rules, rules.List("kernel_thread_names") ?? [], new HashSet<string>(rules.List("web_server_names") ?? [], StringComparer.Ordinal));
            _lists = lists;
        }
        return (lists.KernelThreads, lists.Services);
    }

    private sealed class Scratch(DetectionOptions options, IBaselineScores baseline)
    {
        public ProcessFacts Process { get; } = new(options, baseline);

        public UserFacts User { get; } = new(options);

        private readonly Dictionary<CompiledRule, FiredRule> _firings = [];
        private RuleSet? _firingsOf;

        public List<CompiledRule> Fired { get; } = [];

        public List<FiredRule> Described { get; } = [];

        /// <summary>This thread's instance for <paramref name="rule"/> of <paramref name="rules"/>
        /// (made again after a reload).</summary>
        public FiredRule Firing(RuleSet rules, CompiledRule rule)
        {
            if (!ReferenceEquals(_firingsOf, rules))
            {
                _firings.Clear();
                _firingsOf = rules;
            }
            if (!_firings.TryGetValue(rule, out var firing))
            {
                _firings[rule] = firing = new FiredRule(rule);
            }
            return firing;
        }
    }
}
