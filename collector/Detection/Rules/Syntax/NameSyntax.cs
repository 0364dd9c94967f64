namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>A bare name: a macro, or a bool field tested for true.</summary>
internal sealed record NameSyntax(int Offset, string Name) : ConditionSyntax(Offset);
