namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>The operators' spellings and shapes: which take one value, which a parenthesised list,
/// which none.</summary>
internal static class ConditionOperators
{
    private static readonly Dictionary<string, ConditionOperator> Words = new(StringComparer.Ordinal)
    {
        ["contains"] = ConditionOperator.Contains,
        ["icontains"] = ConditionOperator.IContains,
        ["startswith"] = ConditionOperator.StartsWith,
        ["endswith"] = ConditionOperator.EndsWith,
        ["glob"] = ConditionOperator.Glob,
        ["in"] = ConditionOperator.In,
        ["intersects"] = ConditionOperator.Intersects,
        ["pmatch"] = ConditionOperator.PMatch,
        ["contains_any"] = ConditionOperator.ContainsAny,
        ["icontains_any"] = ConditionOperator.IContainsAny,
        ["startswith_any"] = ConditionOperator.StartsWithAny,
        ["glob_any"] = ConditionOperator.GlobAny,
        ["exists"] = ConditionOperator.Exists,
    };

    private static readonly Dictionary<string, ConditionOperator> Symbols = new(StringComparer.Ordinal)
    {
        ["="] = ConditionOperator.Equal,
        ["=="] = ConditionOperator.Equal,
        ["!="] = ConditionOperator.NotEqual,
        ["<"] = ConditionOperator.Less,
        ["<="] = ConditionOperator.LessOrEqual,
        [">"] = ConditionOperator.Greater,
        [">="] = ConditionOperator.GreaterOrEqual,
    };

    public static bool TryParse(ConditionToken token, out ConditionOperator op) => token.Kind switch
    {
        TokenKind.Word => Words.TryGetValue(token.Text, out op),
        TokenKind.Symbol => Symbols.TryGetValue(token.Text, out op),
        _ => Fail(out op),
    };

    public static bool TakesList(ConditionOperator op) => op is ConditionOperator.In or ConditionOperator.Intersects
        or ConditionOperator.PMatch or ConditionOperator.ContainsAny or ConditionOperator.IContainsAny
        or ConditionOperator.StartsWithAny or ConditionOperator.GlobAny;

    public static bool IsOrdering(ConditionOperator op) => op is ConditionOperator.Less or ConditionOperator.LessOrEqual
        or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual;

    /// <summary>The operator as written in conditions.</summary>
    public static string Name(ConditionOperator op) => op switch
    {
        ConditionOperator.Equal => "=",
        ConditionOperator.NotEqual => "!=",
        ConditionOperator.Less => "<",
        ConditionOperator.LessOrEqual => "<=",
        ConditionOperator.Greater => ">",
        ConditionOperator.GreaterOrEqual => ">=",
        _ => Words.First(w => w.Value == op).Key,
    };

    private static bool Fail(out ConditionOperator op)
    {
        op = default;
        return false;
    }
}
