using System.CommandLine;

namespace HsGuard.Bench.Detect;

/// <summary><c>detect</c>: what detection costs per process sample, and how fast a replay goes,
/// so that detection never limits the collector's ingest rate.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var traces = new Option<string[]>("--traces")
        {
            Description = "Trace files, or folders of *.jsonl traces. Defaults to the evaluation suite's recordings (TestResults/evaluation).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["TestResults/evaluation"],
        };
        var hosts = new Option<int[]>("--hosts")
        {
            Description = "Numbers of hosts to replay, comma-separated: each host goes through every trace.",
            CustomParser = SamplerCommand.ParseList,
            DefaultValueFactory = _ => [10, 100, 1000],
        };
        var reps = new Option<int>("--reps") { Description = "Repetitions; medians are reported.", DefaultValueFactory = _ => 3 };
        reps.Validators.Add(r => MeasureCommand.MustBePositive(r, "--reps"));
        var command = new Command("detect", "Measure detection's cost per process sample and the replay's speed over recorded traces.")
        {
            traces, hosts, reps,
        };
        command.SetAction(async (result, cancel) =>
        {
            HostTraces loaded;
            try
            {
                loaded = HostTraces.Load(result.GetValue(traces)!);
            }
            catch (FileNotFoundException e)
            {
                await Console.Error.WriteLineAsync("hsguard-bench detect: " + e.Message);
                return 1;
            }
            await DetectBenchmark.RunAsync(loaded, result.GetValue(hosts)!, result.GetValue(reps), Console.Out, cancel);
            return 0;
        });
        return command;
    }
}
