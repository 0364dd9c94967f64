namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>A value on the right of an operator: a bare word (which may name a list, or read as a
/// number or a bool) or a quoted string (always text).</summary>
internal readonly record struct OperandSyntax(string Text, bool Quoted, int Offset);
