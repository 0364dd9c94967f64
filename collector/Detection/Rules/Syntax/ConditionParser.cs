namespace HsGuard.Collector.Detection.Rules.Syntax;

/// <summary>
/// Parses a condition by recursive descent, with Falco's precedence (<c>not</c> binds tighter than
/// <c>and</c>, <c>and</c> tighter than <c>or</c>) and parentheses:
/// <code>
/// or      := and ('or' and)*
/// and     := unary ('and' unary)*
/// unary   := 'not' unary | primary
/// primary := '(' or ')' | NAME | FIELD OP VALUE | FIELD LISTOP '(' [ITEM (',' ITEM)*] ')' | FIELD 'exists'
/// </code>
/// The first syntax error stops the parse (<see cref="ConditionSyntaxException"/>).
/// </summary>
internal sealed class ConditionParser
{
    private readonly List<ConditionToken> _tokens;
    private int _next;

    private ConditionParser(string text)
    {
        _tokens = ConditionLexer.Tokenize(text);
    }

    private ConditionToken Current => _tokens[_next];

    public static ConditionSyntax Parse(string text)
    {
        var parser = new ConditionParser(text);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ConditionSyntaxException(0, "the condition is empty");
        }
        var condition = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Unexpected(parser.Current.Kind == TokenKind.RightParen
                ? "a ')' without its '('"
                : $"{parser.Current.Describe()} where 'and', 'or' or the end was expected");
        }
        return condition;
    }

    private ConditionSyntax ParseOr() => ParseLogical("or", isAnd: false, ParseAnd);

    private ConditionSyntax ParseAnd() => ParseLogical("and", isAnd: true, ParseUnary);

    private ConditionSyntax ParseLogical(string keyword, bool isAnd, Func<ConditionSyntax> operand)
    {
        var first = operand();
        if (!Current.IsWord(keyword))
        {
            return first;
        }
        var operands = new List<ConditionSyntax> { first };
        while (Current.IsWord(keyword))
        {
            _next++;
            operands.Add(operand());
        }
        return new LogicalSyntax(first.Offset, isAnd, operands);
    }

    private ConditionSyntax ParseUnary()
    {
        if (Current.IsWord("not"))
        {
            int offset = Current.Offset;
            _next++;
            return new NotSyntax(offset, ParseUnary());
        }
        return ParsePrimary();
    }

    private ConditionSyntax ParsePrimary()
    {
        var token = Current;
        if (token.Kind == TokenKind.LeftParen)
        {
            _next++;
            var inner = ParseOr();
            if (Current.Kind != TokenKind.RightParen)
            {
                throw Unexpected($"{Current.Describe()} where ')' was expected to close the '(' at character {token.Offset + 1}");
            }
            _next++;
            return inner;
        }
        if (token.Kind != TokenKind.Word || token.IsWord("and") || token.IsWord("or")
            || ConditionOperators.TryParse(token, out _))
        {
            throw Unexpected($"{token.Describe()} where a field, a macro, 'not' or '(' was expected");
        }
        _next++;
        if (!ConditionOperators.TryParse(Current, out var op))
        {
            if (Current.Kind == TokenKind.String || (Current.Kind == TokenKind.Word && !Current.IsWord("and") && !Current.IsWord("or")))
            {
                throw Unexpected($"{Current.Describe()} after '{token.Text}' where an operator, 'and', 'or' or the end was expected");
            }
            return new NameSyntax(token.Offset, token.Text);
        }
        int opOffset = Current.Offset;
        _next++;
        if (op == ConditionOperator.Exists)
        {
            return new ComparisonSyntax(token.Offset, token.Text, op, opOffset, [], IsList: false);
        }
        return ConditionOperators.TakesList(op)
            ? new ComparisonSyntax(token.Offset, token.Text, op, opOffset, ParseList(op), IsList: true)
            : new ComparisonSyntax(token.Offset, token.Text, op, opOffset, [ParseValue(op)], IsList: false);
    }

    private OperandSyntax ParseValue(ConditionOperator op)
    {
        var token = Current;
        if (token.Kind == TokenKind.LeftParen)
        {
            string instead = op switch
            {
                ConditionOperator.Equal => "in",
                ConditionOperator.Contains or ConditionOperator.IContains or ConditionOperator.StartsWith or ConditionOperator.Glob
                    => ConditionOperators.Name(op) + "_any",
                _ => "",
            };
            throw Unexpected($"'{ConditionOperators.Name(op)}' takes one value, not a list"
                + (instead.Length > 0 ? $"; for a list use '{instead}'" : ""));
        }
        if (token.Kind is not (TokenKind.Word or TokenKind.String))
        {
            throw Unexpected($"{token.Describe()} where a value was expected after '{ConditionOperators.Name(op)}'");
        }
        _next++;
        return new OperandSyntax(token.Text, token.Kind == TokenKind.String, token.Offset);
    }

    private List<OperandSyntax> ParseList(ConditionOperator op)
    {
        if (Current.Kind != TokenKind.LeftParen)
        {
            throw Unexpected($"'{ConditionOperators.Name(op)}' takes a list in parentheses, such as ({Current.Text}) or (a, b), "
                + $"not {Current.Describe()}");
        }
        int open = Current.Offset;
        _next++;
        var items = new List<OperandSyntax>();
        if (Current.Kind == TokenKind.RightParen)
        {
            _next++;
            return items;
        }
        while (true)
        {
            if (Current.Kind is not (TokenKind.Word or TokenKind.String))
            {
                throw Unexpected($"{Current.Describe()} where an item of the list that starts at character {open + 1} was expected");
            }
            items.Add(new OperandSyntax(Current.Text, Current.Kind == TokenKind.String, Current.Offset));
            _next++;
            if (Current.Kind == TokenKind.RightParen)
            {
                _next++;
                return items;
            }
            if (Current.Kind != TokenKind.Comma)
            {
                throw Unexpected($"{Current.Describe()} where ',' or ')' was expected in the list that starts at character {open + 1}");
            }
            _next++;
        }
    }

    private ConditionSyntaxException Unexpected(string message) => new(Current.Offset, "syntax: " + message);
}
