using System.CommandLine;

namespace HsGuard.Bench.Baseline;

/// <summary><c>baseline</c>: what the learned baseline's kept windows cost per window, and what a
/// training over them costs in time and memory, for a fleet's users.</summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "Users (1,000 hosts of 21 users: 21,000).", DefaultValueFactory = _ => 21_000 };
        var windows = new Option<int>("--windows") { Description = "Windows kept per user (a day of minutes: 1,440).", DefaultValueFactory = _ => 1440 };
        var rows = new Option<int>("--training-rows") { Description = "Collector:Detection:Baseline:TrainingRows.", DefaultValueFactory = _ => 200_000 };
        var compare = new Option<int>("--compare-users")
        {
            Description = "Users whose windows are also kept both ways bare (compact, and as FeatureWindows as before), for bytes a window side by side.",
            DefaultValueFactory = _ => 2_000,
        };
        foreach (var option in new[] { users, windows, rows, compare })
        {
            option.Validators.Add(r => MeasureCommand.MustBePositive(r, option.Name));
        }
        var command = new Command("baseline", "Measure the baseline's memory per kept window and its training time and peak memory.")
        {
            users, windows, rows, compare,
        };
        command.SetAction(result =>
        {
            BaselineBenchmark.Run(result.GetValue(users), result.GetValue(windows), result.GetValue(rows), result.GetValue(compare), Console.Out);
            return 0;
        });
        return command;
    }
}
