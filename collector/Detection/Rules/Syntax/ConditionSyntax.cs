namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>A parsed condition, before its names are resolved against fields, macros and lists.
/// <see cref="Offset"/> is the character it starts at, for errors.</summary>
internal abstract record ConditionSyntax(int Offset);
