using System.CommandLine;

namespace HsGuard.Bench.Triage;

/// <summary><c>incident-list</c>: what a page of the incident list costs in a large SQLite store,
/// the first page and one deep down, unfiltered, filtered and as a member sees it.</summary>
internal static class IncidentListCommand
{
    public static Command Create()
    {
        var incidents = new Option<int>("--incidents") { Description = "Incidents in the store (a busy year).", DefaultValueFactory = _ => 100_000 };
        var limit = new Option<int>("--limit") { Description = "Incidents a page (the list's default).", DefaultValueFactory = _ => 200 };
        var reps = new Option<int>("--reps") { Description = "Times each page is read (the median is shown).", DefaultValueFactory = _ => 21 };
        foreach (var option in new[] { incidents, limit, reps })
        {
            option.Validators.Add(r => MeasureCommand.MustBePositive(r, option.Name));
        }
        var command = new Command("incident-list", "Measure reading a page of the incident list, first and deep, in a SQLite store of many incidents.")
        {
            incidents, limit, reps,
        };
        command.SetAction(result =>
        {
            IncidentListBenchmark.Run(result.GetValue(incidents), result.GetValue(limit), result.GetValue(reps), Console.Out);
            return 0;
        });
        return command;
    }
}
