namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>A token of a condition and the character it starts at.</summary>
internal readonly record struct ConditionToken(TokenKind Kind, string Text, int Offset)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;

    /// <summary>The token as an error message quotes it.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the condition",
        TokenKind.String => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}
