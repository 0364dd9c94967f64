using System.CommandLine;
using System.Globalization;

namespace HsGuard.Bench.Response;

/// <summary>
/// <c>response</c>: time from a miner stand-in's start to its suspension, through the real
/// collector and the real agent at the default 1 s tick, split into sampling, transport, detection
/// and command (see <see cref="ResponseTiming"/> for where each time comes from). The runs start
/// at random points of the agent's tick (a pause of 0 to 1 s before each), as miners do; one
/// warm-up run is not counted. Needs root (a user to run the stand-in as, the agent's freezer).
/// </summary>
internal static class ResponseCommand
{
    /// <summary>The issue's goal where a name, path or pool signal exists.</summary>
    private static readonly TimeSpan Goal = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Measured runs.", DefaultValueFactory = _ => 10 };
        runs.Validators.Add(r => MeasureCommand.MustBePositive(r, "--runs"));
        var agent = new Option<FileInfo>("--agent")
        {
            Description = "hsguard-agent.dll to run. Defaults to the repository's agent/bin/Release/net10.0/hsguard-agent.dll.",
            DefaultValueFactory = _ => new FileInfo(RepositoryRoot.ReleaseBuild("agent", "hsguard-agent")),
        };
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown table." };
        var command = new Command("response", "Time from a miner's start to its suspension (sampling, transport, detection, command).")
        {
            runs, agent, markdown,
        };
        command.SetAction(async (result, cancel) =>
        {
            string? root = RepositoryRoot.Find();
            if (root is null)
            {
                Console.Error.WriteLine("HsGuard.sln not found above this directory or the program: the rules and tests/programs are needed");
                return 2;
            }
            try
            {
                await using var run = await ResponseRun.StartAsync(root, result.GetValue(agent)!.FullName);
                var random = new Random(5);
                var timings = new List<ResponseTiming>();
                for (int i = 0; i <= result.GetValue(runs); i++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000)), cancel);
                    var timing = await run.MeasureAsync();
                    if (i > 0)
                    {
                        timings.Add(timing);
                        Console.Error.WriteLine(Format($"run {i}: {timing.Total.TotalSeconds:F2} s"));
                    }
                }
                Write(Console.Out, timings, result.GetValue(markdown));
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"hsguard-bench: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Write(TextWriter output, List<ResponseTiming> timings, bool markdown)
    {
        (string Name, Func<ResponseTiming, TimeSpan> Part)[] parts =
        [
            ("sampling", t => t.Sampling), ("transport", t => t.Transport), ("detection", t => t.Detection), ("command", t => t.Command),
            ("start → suspended", t => t.Total),
        ];
        var rows = new List<string[]> { new[] { "part" }.Concat(timings.Select((_, i) => "run " + (i + 1).ToString(CultureInfo.InvariantCulture))).Concat(["median", "worst"]).ToArray() };
        foreach (var (name, part) in parts)
        {
            var values = timings.Select(part).ToList();
            var sorted = values.Order().ToList();
            rows.Add([name, .. values.Select(Seconds), Seconds(Median(sorted)), Seconds(sorted[^1])]);
        }
        if (markdown)
        {
            output.WriteLine("| " + string.Join(" | ", rows[0]) + " |");
            output.WriteLine("|" + string.Concat(rows[0].Select((_, i) => i == 0 ? " --- |" : " ---: |")));
            foreach (var row in rows.Skip(1))
            {
                output.WriteLine("| " + string.Join(" | ", row) + " |");
            }
        }
        else
        {
            int[] widths = [.. Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length))];
            foreach (var row in rows)
            {
                output.WriteLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
            }
        }
        var totals = timings.Select(t => t.Total).Order().ToList();
        output.WriteLine();
        output.WriteLine(Format(
            $"{(markdown ? "- " : "")}seconds; {timings.Count} runs after one warm-up, started at random points of the 1 s tick; held by the {string.Join(", ", timings.Select(t => t.Method).Distinct())}; {Environment.ProcessorCount} cores, Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end."));
        output.WriteLine(Format(
            $"{(markdown ? "- " : "")}start → suspended with a name and a path signal: median {Median(totals).TotalSeconds:F2} s, worst {totals[^1].TotalSeconds:F2} s (goal < {Goal.TotalSeconds:F0} s): {(totals[^1] < Goal ? "met" : "NOT met")}"));
    }

    private static TimeSpan Median(List<TimeSpan> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
