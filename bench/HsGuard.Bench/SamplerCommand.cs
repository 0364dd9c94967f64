using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace HsGuard.Bench;

/// <summary><c>sampler</c>: the driver. Sets the host to each size, runs procfloor's at_fs and
/// keep_fd and HsGuard's sampler in the same state, and prints the table.</summary>
internal static class SamplerCommand
{
    public static Command Create()
    {
        var sizes = new Option<int[]>("--sizes")
        {
            Description = "Processes on the host while measuring, comma-separated (idle ones are started to reach them).",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = ParseList,
            DefaultValueFactory = _ => [100, 1000, 5000],
        };
        var passes = new Option<int[]?>("--passes")
        {
            Description = "Passes per repetition: one for every size, or one per size, comma-separated. Defaults to 200 up to 1,250 processes, fewer above.",
            Arity = ArgumentArity.ExactlyOne,
            CustomParser = ParseList,
        };
        var reps = new Option<int>("--reps") { Description = "Repetitions; medians are reported.", DefaultValueFactory = _ => 5 };
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown table." };
        var floor = new Option<FileInfo?>("--floor-source")
        {
            Description = "procfloor.c. Defaults to ../shared/bench/procfloor.c beside the repository (the directory of HsGuard.sln).",
        };
        reps.Validators.Add(r => MeasureCommand.MustBePositive(r, "--reps"));
        var command = new Command("sampler", "Cost of one sampling pass at several host sizes, beside procfloor's at_fs and keep_fd.")
        {
            sizes, passes, reps, markdown, floor,
        };
        command.Validators.Add(r =>
        {
            int[]? p = r.GetValue(passes);
            if (p is { Length: > 1 } && p.Length != r.GetValue(sizes)?.Length)
            {
                r.AddError("--passes takes one count, or one per size");
            }
        });
        command.SetAction(result =>
        {
            string? source = result.GetValue(floor)?.FullName ?? DefaultFloorSource();
            if (source is null)
            {
                Console.Error.WriteLine("HsGuard.sln not found above this directory or the program; give --floor-source");
                return 2;
            }
            var settings = new SamplerBenchSettings(
                result.GetValue(sizes)!, result.GetValue(passes), result.GetValue(reps), result.GetValue(markdown), source);
            try
            {
                SamplerBenchmark.Run(settings, Console.Out, Console.Error);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // A missing compiler or source, a failing child: its message says it all.
                Console.Error.WriteLine($"hsguard-bench: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    internal static int[]? ParseList(ArgumentResult result)
    {
        var values = new List<int>();
        foreach (string part in result.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                result.AddError($"'{part}' is not a positive count");
                return null;
            }
            values.Add(value);
        }
        return [.. values];
    }

    /// <summary>../shared/bench/procfloor.c beside the repository root.</summary>
    private static string? DefaultFloorSource() =>
        RepositoryRoot.Find() is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared", "bench", "procfloor.c")) : null;
}
