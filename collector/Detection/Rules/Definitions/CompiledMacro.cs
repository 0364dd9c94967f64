using HsGuard.Collector.Detection.Rules.Evaluation;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>A macro compiled once: its tree (null when it has errors, already reported) and the
/// first proc.* field it uses, directly or through other macros, which a user rule may not.</summary>
internal sealed record CompiledMacro(ConditionNode? Node, string? ProcessField);
