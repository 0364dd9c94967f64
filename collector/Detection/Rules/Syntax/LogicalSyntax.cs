namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary><c>a and b and c</c> (<see cref="IsAnd"/>) or <c>a or b or c</c>.</summary>
internal sealed record LogicalSyntax(int Offset, bool IsAnd, IReadOnlyList<ConditionSyntax> Operands) : ConditionSyntax(Offset);
