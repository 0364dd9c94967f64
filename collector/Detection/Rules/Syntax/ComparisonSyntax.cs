namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary><c>field op value</c>, <c>field op (item, ...)</c> (<see cref="IsList"/>) or
/// <c>field exists</c> (no operands).</summary>
internal sealed record ComparisonSyntax(int Offset, string Field, ConditionOperator Operator, int OperatorOffset,
    IReadOnlyList<OperandSyntax> Operands, bool IsList) : ConditionSyntax(Offset);
