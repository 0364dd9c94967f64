using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Detection.Rules;

/// <summary>
/// The rules in force. Loads them when the host starts (a broken set stops the start with an
/// <see cref="InvalidDataException"/> that lists every error, which ConfigurationErrors turns into
/// the configuration error exit, 78), then watches their files and reloads once they have
/// been quiet for <see cref="RulesOptions.ReloadDebounce"/>. A reload that fails keeps the last good
/// set running and logs each error with its file, line and column. Also counts how often each rule
/// fired, across reloads, for the web UI.
/// </summary>
public sealed class RulesService : SupervisedService
{
    private readonly RulesOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RulesService> _log;
    // A change is only a reason to read every file again: one pending signal is enough, more are dropped.
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ConcurrentDictionary<string, StrongBox<long>> _fired = new(StringComparer.Ordinal);
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Lock _reloading = new();
    private RuleSet? _current;
    private ReloadStatus _status = new([], null, 0);

    public RulesService(IOptions<RulesOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<RulesService> log)
        : base(lifetime, log)
    {
        _options = options.Value;
        _time = time;
        _log = log;
        Paths = _options.EffectivePaths();
    }

    /// <summary>The files and directories the rules are loaded from, in order.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The rule set in force: read it once per unit of work (a batch), since a reload may
    /// replace it at any moment.</summary>
    /// <exception cref="InvalidOperationException">Before the service started.</exception>
    public RuleSet Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("the rules are loaded when the rules service starts");

    /// <summary>The errors of the last load (at start or reload); empty when it succeeded.</summary>
    public IReadOnlyList<RuleError> LastErrors => Volatile.Read(ref _status).Errors;

    /// <summary>When the last reload was tried, whether it succeeded or not; null before the first.</summary>
    public DateTimeOffset? LastReloadAt => Volatile.Read(ref _status).At;

    /// <summary>Reloads tried since the start (not counting the load at start), successful or not.</summary>
    public int ReloadCount => Volatile.Read(ref _status).Count;

    /// <summary>Counts a firing of <paramref name="rule"/>; thread-safe, and without allocation after
    /// the rule's first firing.</summary>
    public void RecordFired(CompiledRule rule) =>
        Interlocked.Increment(ref _fired.GetOrAdd(rule.Name, static _ => new StrongBox<long>()).Value);

    /// <summary>How often the rule of this name fired since the start, across reloads.</summary>
    public long FireCount(string name) => _fired.TryGetValue(name, out var count) ? Interlocked.Read(ref count.Value) : 0;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var result = RuleLoader.Load(Paths, _time);
        if (result.RuleSet is not { } rules)
        {
            Volatile.Write(ref _status, new ReloadStatus(result.Errors, null, 0));
            throw new InvalidDataException("the rules have " + result.DescribeErrors());
        }
        Volatile.Write(ref _current, rules);
        RulesLog.Loaded(_log, rules.Version, rules.Rules.Count, rules.MacroCount, rules.ListCount, rules.Files.Count);
        Watch();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        StopWatching();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        StopWatching();
        base.Dispose();
    }

    /// <summary>Loads the rules again now: on success the new set is in force, on failure the last
    /// good one stays and each error is logged. The watcher calls this after a change.</summary>
    public RuleLoadResult Reload()
    {
        lock (_reloading)
        {
            var previous = Current;
            var result = RuleLoader.Load(Paths, _time);
            if (result.RuleSet is not { } rules)
            {
                RulesLog.ReloadFailed(_log, result.Errors.Count, previous.Version);
                foreach (var e in result.Errors)
                {
                    RulesLog.RuleError(_log, e.File, e.Line, e.Column, e.Message);
                }
            }
            else if (rules.Version == previous.Version)
            {
                if (_status.Errors.Count > 0)
                {
                    RulesLog.Recovered(_log, rules.Version);
                }
                else
                {
                    RulesLog.Unchanged(_log, rules.Version);
                }
            }
            else
            {
                Volatile.Write(ref _current, rules);
                RulesLog.Reloaded(_log, rules.Version, previous.Version, rules.Rules.Count, rules.MacroCount, rules.ListCount, rules.Files.Count);
            }
            Volatile.Write(ref _status, new ReloadStatus(result.Errors, _time.GetUtcNow(), _status.Count + 1));
            return result;
        }
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var changes = _changes.Reader;
        while (await changes.WaitToReadAsync(stoppingToken))
        {
            // Debounce: wait until a whole interval passes without a new change.
            while (changes.TryRead(out _))
            {
                await Task.Delay(_options.ReloadDebounce, _time, stoppingToken);
            }
            Reload();
        }
    }

    /// <summary>Watches each directory, or each file's directory. Editors and tools save by writing
    /// a temporary file and renaming it over the old one (vim, sed -i, ansible, dpkg), so a rename
    /// counts when either of its names is a rules file.</summary>
    private void Watch()
    {
        foreach (string path in Paths)
        {
            string full = Path.GetFullPath(path);
            bool directory = Directory.Exists(full);
            string folder = directory ? full : Path.GetDirectoryName(full)!;
            bool Relevant(string changed) => directory ? RuleLoader.IsRulesFile(Path.GetFileName(changed)) : changed == full;

            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watchers.Add(watcher);
            FileSystemEventHandler changed = (_, e) =>
            {
                if (Relevant(e.FullPath))
                {
                    _changes.Writer.TryWrite(true);
                }
            };
            watcher.Changed += changed;
            watcher.Created += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, e) =>
            {
                if (Relevant(e.FullPath) || Relevant(e.OldFullPath))
                {
                    _changes.Writer.TryWrite(true);
                }
            };
            // An overflowing event queue loses events: read everything again.
            watcher.Error += (_, e) =>
            {
                RulesLog.WatchFailed(_log, e.GetException(), folder);
                _changes.Writer.TryWrite(true);
            };
            watcher.EnableRaisingEvents = true;
            RulesLog.Watching(_log, folder);
        }
    }

    private void StopWatching()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
        _watchers.Clear();
    }

    private sealed record ReloadStatus(IReadOnlyList<RuleError> Errors, DateTimeOffset? At, int Count);
}
