namespace HsGuard.Collector.Detection.Rules.Evaluation;

internal sealed class OrNode(ConditionNode[] operands) : ConditionNode
{
    public override bool Evaluate(IFieldSource fields)
    {
        foreach (var operand in operands)
        {
            if (operand.Evaluate(fields))
            {
                return true;
            }
        }
        return false;
    }
}
