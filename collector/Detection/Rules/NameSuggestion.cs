namespace HsGuard.Collector.Detection.Rules;

/// <summary>"Did you mean" for a misspelt field, macro or list: the nearest known name by edit
/// distance, when it is near enough to be a typo (at most a third of the name's length, at most 3).</summary>
internal static class NameSuggestion
{
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } close ? $" (did you mean '{close}'?)" : "";

    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        int limit = Math.Clamp(name.Length / 3, 1, 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(name, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Edit distance counting insertions, deletions, substitutions and the swap of two
    /// neighbours (optimal string alignment): "itmes" is 1 from "items", as a typist sees it.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
