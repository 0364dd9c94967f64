using System.CommandLine;
using HsGuard.Bench;

var root = new RootCommand("HsGuard benchmarks: the cost of a sampling pass beside the C floor (procfloor.c).")
{
    SamplerCommand.Create(),
    MeasureCommand.Create(),
};
return root.Parse(args).Invoke();
