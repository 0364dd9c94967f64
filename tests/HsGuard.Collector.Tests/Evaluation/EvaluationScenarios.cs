namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// The evaluation's scenarios and how they are recorded. Each miner has a recording to itself
/// among miners, so that miners do not starve one another (a nice 19 one would get nothing beside
/// others at nice 0); those with a telling name, path or pool connection alone (they are
/// suspended in seconds, and their recording stops then), those known by behaviour alone beside
/// one or two honest jobs, as on a busy server where the rules must not depend on a miner having
/// a whole core. Honest work runs at most two jobs at a time.
/// </summary>
public static class EvaluationScenarios
{
    public static readonly MinerScenario KernelThreadName = new("miner named like a kernel thread", SignalKind.Name, "kthreaddi",
        ["-t", "2", "-n", "kthreaddi", "-a", "[kworker/0:1]"], Cores: 2);

    public static readonly MinerScenario DeletedFromTmp = new("miner run from /tmp, then deleted", SignalKind.Path, "update",
        ["-t", "2", "-x"], Cores: 2) { Place = MinerPlace.Temp };

    public static readonly MinerScenario PoolPort = new("miner connected to a pool port", SignalKind.Pool, "relay",
        ["-t", "2", "-p", "{port}"], Cores: 2) { PoolListener = true };

    public static readonly MinerScenario Nice19 = new("miner at nice 19", SignalKind.Behaviour, "syncd",
        ["-t", "2", "-N", "19"], Cores: 2);

    public static readonly MinerScenario HalfCore = new("miner throttled to half a core", SignalKind.Behaviour, "indexer",
        ["-t", "1", "-d", "0.5"], Cores: 0.5);

    public static readonly MinerScenario ConfigFile = new("miner with its settings in a config file", SignalKind.Behaviour, "appd",
        ["-c", "{config}"], Cores: 2) { Config = "threads=2\n" };

    public static readonly MinerScenario InnocentName = new("miner under an innocent name", SignalKind.Behaviour, "imgresize",
        ["-t", "2"], Cores: 2);

    public static readonly HonestScenario Xz = new("xz -9 of 64 MB of logs",
        "while :; do xz -9 -c {data}/logs.txt > {work}/logs.txt.xz; done", Cores: 1);

    public static readonly HonestScenario Gzip = new("gzip -9 over files",
        "while :; do for f in {data}/site/*/*.log; do gzip -9 -c \"$f\" > {work}/current.log.gz; done; done", Cores: 1);

    public static readonly HonestScenario Compile = new("gcc -O2 of a large generated file",
        "while :; do gcc -O2 -c {data}/generated.c -o {work}/generated.o; done", Cores: 1);

    public static readonly HonestScenario Backup = new("backup: tar | gzip -9",
        "while :; do tar cf - -C {data} site | gzip -9 > {work}/site.tar.gz; done", Cores: 1);

    public static readonly HonestScenario PythonReport = new("Python report over CSV files",
        "while :; do python3 {data}/sales_report.py {data}/sales {work}/report.txt; done", Cores: 1);

    public static readonly HonestScenario SqliteReport = new("sqlite3 report queries",
        "while :; do sqlite3 -readonly {data}/shop.db < {data}/report.sql > {work}/report.txt; done", Cores: 1);

    public static readonly HonestScenario Search = new("grep -r over files",
        "while :; do grep -r -c -i -E 'timeout|refused|denied' {data}/site > {work}/hits.txt; done", Cores: 1);

    public static IReadOnlyList<RecordingPlan> Recordings { get; } =
    [
        new("miner named like a kernel thread", [KernelThreadName]),
        new("miner run from /tmp", [DeletedFromTmp]),
        new("miner connected to a pool port", [PoolPort]),
        new("miner at nice 19 beside gzip", [Nice19, Gzip]),
        new("miner with a config file beside xz and a compile", [ConfigFile, Xz, Compile]),
        new("miner under an innocent name beside a backup and a Python report", [InnocentName, Backup, PythonReport]),
        new("throttled miner beside a search and sqlite3", [HalfCore, Search, SqliteReport]),
    ];

    public static IEnumerable<Scenario> All => Recordings.SelectMany(r => r.Scenarios);
}
