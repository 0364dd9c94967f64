using System.Globalization;

namespace HsGuard.Bench;

/// <summary>The results as an aligned text table, or as a Markdown table to paste into a README.</summary>
internal static class ResultTable
{
    private static readonly string[] Headers =
    [
        "processes", "at_fs µs/proc", "keep_fd µs/proc", "HsGuard µs/proc", "HsGuard/keep_fd", "HsGuard/at_fs",
        "HsGuard % core at 1 Hz", "HsGuard B alloc/pass", "HsGuard B alloc/pass (steady)", "HsGuard peak RSS MiB",
    ];

    public static void Write(TextWriter output, IReadOnlyList<SizeResult> results, bool markdown)
    {
        var rows = new List<string[]> { Headers };
        foreach (var r in results)
        {
            rows.Add(
            [
                Format($"{r.Processes}"),
                Format($"{r.AtFsMicrosPerProcess:F2}"),
                Format($"{r.KeepFdMicrosPerProcess:F2}"),
                Format($"{r.HsGuardMicrosPerProcess:F2}"),
                Format($"{r.RatioToKeepFd:F2}x"),
                Format($"{r.RatioToAtFs:F2}x"),
                Format($"{r.PercentOfCoreAt1Hz:F3}"),
                Format($"{r.BytesPerPass:F0}"),
                Format($"{r.SteadyBytesPerPass:F0}"),
                Format($"{r.PeakRssMiB:F1}"),
            ]);
        }
        if (markdown)
        {
            WriteMarkdown(output, rows);
        }
        else
        {
            WriteAligned(output, rows);
        }
    }

    private static void WriteMarkdown(TextWriter output, List<string[]> rows)
    {
        output.WriteLine($"| {string.Join(" | ", rows[0])} |");
        output.WriteLine($"|{string.Concat(Enumerable.Repeat("---:|", Headers.Length))}");
        foreach (string[] row in rows.Skip(1))
        {
            output.WriteLine($"| {string.Join(" | ", row)} |");
        }
    }

    private static void WriteAligned(TextWriter output, List<string[]> rows)
    {
        int[] widths = new int[Headers.Length];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (string[] row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadLeft(widths[i]))));
        }
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
