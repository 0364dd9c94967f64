using System.Globalization;

namespace HsGuard.Bench;

/// <summary>
/// The goals of the benchmark's issue, checked against the results: within 1.2x of keep_fd at
/// 1,000 processes, no allocation per process in the steady state (under one byte a process per
/// pass: any object per process would be at least 24), resident memory under 40 MB (decimal: 40,000,000 bytes, the stricter reading).
/// </summary>
internal static class GoalCheck
{
    private const int RatioSize = 1000;
    private const double RatioGoal = 1.2;
    private const double BytesPerProcessGoal = 1;
    private const double PeakRssGoalMiB = 40e6 / (1024 * 1024);

    public static void Write(TextWriter output, IReadOnlyList<SizeResult> results, bool markdown)
    {
        string bullet = markdown ? "- " : "";
        output.WriteLine();
        var atSize = results.FirstOrDefault(r => r.Target == RatioSize);
        output.WriteLine(atSize is null
            ? Format($"{bullet}HsGuard/keep_fd at {RatioSize} processes: not measured (goal ≤ {RatioGoal:F1}x)")
            : Format($"{bullet}HsGuard/keep_fd at {atSize.Processes} processes: {atSize.RatioToKeepFd:F3}x (goal ≤ {RatioGoal:F1}x): {Verdict(atSize.RatioToKeepFd <= RatioGoal)}"));
        double bytes = results.Max(r => r.SteadyBytesPerProcess);
        output.WriteLine(Format($"{bullet}allocation per process in the steady state (passes that admitted no process): at most {bytes:F3} B a process per pass (goal 0): {Verdict(bytes < BytesPerProcessGoal)}"));
        double rss = results.Max(r => r.PeakRssMiB);
        output.WriteLine(Format($"{bullet}peak RSS: at most {rss:F1} MiB = {rss * 1024 * 1024 / 1e6:F1} MB (goal < 40 MB): {Verdict(rss < PeakRssGoalMiB)}"));
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
