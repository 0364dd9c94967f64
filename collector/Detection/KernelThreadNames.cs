namespace HsGuard.Collector.Detection;

/// <summary>
/// How near a process's name is to a kernel thread's. Kernel threads carry an instance after a
/// slash ("kworker/0:1-events", "ksoftirqd/1"), so the part before it is compared; an edit distance
/// (Levenshtein) counts letters added, removed or changed: "kthreaddi" is 1 from "kthreadd". Short
/// names need a closer match: up to 2 edits from 6 letters on, 1 from 4, none below. A near name
/// must keep the first letter: disguises keep the "k" of kworker and kthreadd, while an honest
/// "worker" is one edit from "kworker" too.
/// </summary>
public static class KernelThreadNames
{
    public static (int Distance, string? Nearest) Nearest(string name, IReadOnlyList<string> kernelNames)
    {
        var stem = Stem(name);
        if (stem.Length == 0)
        {
            return (-1, null);
        }
        int allowed = stem.Length >= 6 ? 2 : stem.Length >= 4 ? 1 : 0;
        int best = int.MaxValue;
        string? nearest = null;
        Span<int> row = stackalloc int[64];
        foreach (string kernel in kernelNames)
        {
            var k = Stem(kernel);
            if (Math.Abs(k.Length - stem.Length) > allowed || k.Length >= row.Length || stem.Length >= row.Length
                || k.Length == 0 || (k[0] != stem[0] && !k.SequenceEqual(stem)))
            {
                continue;
            }
            int d = Distance(stem, k, row);
            if (d <= allowed && d < best)
            {
                best = d;
                nearest = kernel;
                if (d == 0)
                {
                    break;
                }
            }
        }
        return nearest is null ? (-1, null) : (best, nearest);
    }

    private static ReadOnlySpan<char> Stem(string name)
    {
        var span = name.AsSpan().Trim();
        if (span.Length > 1 && span[0] == '[' && span[^1] == ']')
        {
            span = span[1..^1];
        }
        int slash = span.IndexOf('/');
        return slash >= 0 ? span[..slash] : span;
    }

    /// <summary>Levenshtein distance with one row of <paramref name="row"/> (no allocation).</summary>
    private static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, Span<int> row)
    {
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + cost);
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
