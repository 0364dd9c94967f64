using System.Globalization;

namespace HsGuard.Collector.Web.Pages;

/// <summary>How the pages write times, durations and sizes: UTC throughout, so that hostmasters in
/// different places read the same times as the logs and notices.</summary>
internal static class Display
{
    public static string Time(DateTimeOffset time) =>
        time == default ? "–" : time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Time(DateTimeOffset? time) => time is { } t ? Time(t) : "–";

    /// <summary>"12 s ago", "5 min ago", "3 h ago", "2 d ago".</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now)
    {
        if (time == default)
        {
            return "never";
        }
        var age = now - time;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age.TotalSeconds < 90 ? $"{(int)age.TotalSeconds} s ago"
            : age.TotalMinutes < 90 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 36 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} d ago";
    }

    public static string Cpu(double percent) => percent.ToString("0.#", CultureInfo.InvariantCulture) + " %";

    public static string Kb(double kb) =>
        kb >= 1024 * 1024 ? (kb / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
        : kb >= 1024 ? (kb / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : kb.ToString("0", CultureInfo.InvariantCulture) + " KiB";

    /// <summary>A CSS class fragment from a word (a status, a severity, a state): letters, digits and hyphens only.</summary>
    public static string Css(string word) => new(word.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
}
