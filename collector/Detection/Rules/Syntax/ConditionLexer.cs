using System.Text;

namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>Splits a condition into tokens. A bare word runs up to white space, a parenthesis, a
/// comma, a quote or a comparison sign, so <c>proc.name=xmrig</c>, <c>/dev/cpu/*/msr</c> and
/// <c>--donate-level</c> are read as a person reads them. Quoted strings take "..." or '...' with
/// backslash escaping the quote and the backslash.</summary>
internal static class ConditionLexer
{
    public static List<ConditionToken> Tokenize(string text)
    {
        var tokens = new List<ConditionToken>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i == text.Length)
            {
                tokens.Add(new(TokenKind.End, "", i));
                return tokens;
            }
            char c = text[i];
            int start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new(TokenKind.LeftParen, "(", i++));
                    break;
                case ')':
                    tokens.Add(new(TokenKind.RightParen, ")", i++));
                    break;
                case ',':
                    tokens.Add(new(TokenKind.Comma, ",", i++));
                    break;
                case '"' or '\'':
                    tokens.Add(new(TokenKind.String, ReadQuoted(text, ref i), start));
                    break;
                case '=' or '!' or '<' or '>':
                    i++;
                    if (i < text.Length && text[i] == '=')
                    {
                        i++;
                    }
                    else if (c == '!')
                    {
                        throw new ConditionSyntaxException(start, "'!' must be followed by '=' (for negation write 'not')");
                    }
                    tokens.Add(new(TokenKind.Symbol, text[start..i], start));
                    break;
                default:
                    while (i < text.Length && !EndsWord(text[i]))
                    {
                        i++;
                    }
                    tokens.Add(new(TokenKind.Word, text[start..i], start));
                    break;
            }
        }
    }

    private static bool EndsWord(char c) => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '"' or '\'' or '=' or '!' or '<' or '>';

    private static string ReadQuoted(string text, ref int i)
    {
        char quote = text[i];
        int start = i++;
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == quote || text[i + 1] == '\\'))
            {
                i++;
            }
            value.Append(text[i++]);
        }
        if (i == text.Length)
        {
            throw new ConditionSyntaxException(start, $"the string that starts here has no closing {quote}");
        }
        i++;
        return value.ToString();
    }
}
