namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>A condition that does not parse, with the character where parsing stopped.</summary>
internal sealed class ConditionSyntaxException : Exception
{
    public ConditionSyntaxException(int offset, string message)
        : base(message)
    {
        Offset = offset;
    }

    public int Offset { get; }
}
