namespace HsGuard.Collector.Detection.Rules.Syntax;

internal enum TokenKind
{
    /// <summary>A bare word: a keyword, an operator word, a field, a macro, a number or a value.</summary>
    Word,

    /// <summary>A quoted string; the token's text is its value without the quotes.</summary>
    String,

    /// <summary>A comparison: = == != &lt; &lt;= &gt; &gt;=.</summary>
    Symbol,
    LeftParen,
    RightParen,
    Comma,
    End,
}
