namespace HsGuard.Collector.Detection.Rules.Evaluation;

internal sealed class NotNode(ConditionNode operand) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields) => !operand.Evaluate(fields);
}
