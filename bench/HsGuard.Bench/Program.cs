using System.CommandLine;
using HsGuard.Bench;
using HsGuard.Bench.Ingest;

var root = new RootCommand("HsGuard benchmarks: the cost of a sampling pass beside the C floor (procfloor.c), the collector's ingest rate, and the time from a miner's start to its suspension.")
{
    SamplerCommand.Create(),
    MeasureCommand.Create(),
    DeepCommand.Create(),
    IngestCommand.Create(),
    HsGuard.Bench.Detect.DetectCommand.Create(),
    HsGuard.Bench.Response.ResponseCommand.Create(),
    HsGuard.Bench.Baseline.BaselineCommand.Create(),
    HsGuard.Bench.Triage.IncidentListCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
