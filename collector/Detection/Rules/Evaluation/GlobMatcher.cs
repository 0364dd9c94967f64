namespace HsGuard.Collector.Detection.Rules.Evaluation;

/// <summary><c>glob</c> and <c>glob_any</c>: shell patterns over the whole value, where <c>*</c>
/// matches any run of characters (slashes included, as fnmatch without FNM_PATHNAME, which Falco
/// uses) and <c>?</c> any one character.</summary>
internal sealed class GlobMatcher(string[] patterns) : StringMatcher
{
    public override bool Matches(string value)
    {
        foreach (string pattern in patterns)
        {
            if (IsMatch(value, pattern))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The classic greedy match with one backtrack point (the last star): linear in
    /// practice, no recursion, no allocation.</summary>
    public static bool IsMatch(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        int t = 0, p = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*')
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
