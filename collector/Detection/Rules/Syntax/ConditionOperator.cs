namespace HsGuard.Collector.Detection.Rules.Syntax;

internal enum ConditionOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Contains,
    IContains,
    StartsWith,
    EndsWith,
    Glob,
    In,
    Intersects,
    PMatch,
    ContainsAny,
    IContainsAny,
    StartsWithAny,
    GlobAny,
    Exists,
}
