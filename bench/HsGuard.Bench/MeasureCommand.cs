using System.CommandLine;

namespace HsGuard.Bench;

/// <summary><c>measure</c>: the agent's sampler in this process, one machine-readable MEDIAN line.
/// The driver runs it as a child of its own so that the peak RSS it reports is the sampler's.</summary>
internal static class MeasureCommand
{
    public static Command Create()
    {
        var passes = new Option<int>("--passes") { Description = "Passes per repetition.", DefaultValueFactory = _ => 200 };
        var reps = new Option<int>("--reps") { Description = "Repetitions; the median is reported.", DefaultValueFactory = _ => 5 };
        var warmUp = new Option<int>("--warmup")
        {
            Description = "Passes before measuring (at least this many, and at least one second's worth).",
            DefaultValueFactory = _ => 3,
        };
        passes.Validators.Add(r => MustBePositive(r, "--passes"));
        reps.Validators.Add(r => MustBePositive(r, "--reps"));
        var command = new Command("measure", "Measure one sampling pass over /proc in this process (procfloor's output format).")
        {
            passes, reps, warmUp,
        };
        command.SetAction(result =>
        {
            SamplerMeasurement.Run(result.GetValue(passes), result.GetValue(reps), result.GetValue(warmUp), Console.Out);
            return 0;
        });
        return command;
    }

    internal static void MustBePositive(System.CommandLine.Parsing.OptionResult result, string name)
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{name} must be at least 1");
        }
    }
}
