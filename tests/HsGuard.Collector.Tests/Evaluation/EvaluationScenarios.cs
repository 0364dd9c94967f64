namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// The evaluation's scenarios and how they are recorded. Miners that look like miners by their
/// behaviour alone need whole cores, so they run one at a time (the throttled one beside a search
/// that leaves it its half core); miners with a telling name, path or pool connection share one
/// recording; honest work runs two jobs at a time, as a busy server does.
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
        new("disguised miners", [KernelThreadName, DeletedFromTmp, PoolPort]),
        new("miner at nice 19", [Nice19]),
        new("miner with a config file", [ConfigFile]),
        new("miner under an innocent name", [InnocentName]),
        new("compressions", [Xz, Gzip]),
        new("compile and backup", [Compile, Backup]),
        new("report scripts", [PythonReport, SqliteReport]),
        new("search beside a throttled miner", [Search, HalfCore]),
    ];

    public static IEnumerable<Scenario> All => Recordings.SelectMany(r => r.Scenarios);
}
