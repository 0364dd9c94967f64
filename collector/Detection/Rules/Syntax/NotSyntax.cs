namespace HsGuard.Collector.Detection.Rules.Syntax;

internal sealed record NotSyntax(int Offset, ConditionSyntax Operand) : ConditionSyntax(Offset);
