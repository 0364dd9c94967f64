using System.CommandLine;
using HsGuard.Bench;
using HsGuard.Bench.Ingest;

var root = new RootCommand("HsGuard benchmarks: the cost of a sampling pass beside the C floor (procfloor.c), and the collector's ingest rate.")
{
    SamplerCommand.Create(),
    MeasureCommand.Create(),
    DeepCommand.Create(),
    IngestCommand.Create(),
    HsGuard.Bench.Detect.DetectCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
