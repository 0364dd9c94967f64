using System.Globalization;
using HsGuard.Collector.Detection.Rules.Evaluation;
using HsGuard.Collector.Detection.Rules.Syntax;

namespace HsGuard.Collector.Detection.Rules.Compilation;

/// <summary>Builds the node for one <c>field op value</c>, after checking that the operator and
/// the values fit the field's type: numbers for number fields, true or false for bool fields, text
/// for string fields, and for list fields the operators that say which items must match.</summary>
internal static class ComparisonCompiler
{
    public static ConditionNode? Build(FieldDefinition field, ComparisonSyntax c, IReadOnlyDictionary<string, string[]> lists,
        Action<int, string> error)
    {
        if (c.Operator == ConditionOperator.Exists)
        {
            return new ExistsNode(field.Id);
        }
        return field.Type switch
        {
            FieldType.Bool => Bool(field, c, error),
            FieldType.Number => Number(field, c, lists, error),
            FieldType.String => String(field, c, lists, error),
            _ => List(field, c, lists, error),
        };
    }

    private static ConditionNode? Bool(FieldDefinition field, ComparisonSyntax c, Action<int, string> error)
    {
        if (c.Operator is not (ConditionOperator.Equal or ConditionOperator.NotEqual))
        {
            error(c.OperatorOffset, $"'{Name(c)}' does not apply to bool field {field.Name}: use {field.Name} = true, = false, "
                + "or the field alone");
            return null;
        }
        var value = c.Operands[0];
        if (value.Quoted || value.Text is not ("true" or "false"))
        {
            error(value.Offset, $"{field.Name} is a bool field: compare it with true or false, not {Quote(value)}");
            return null;
        }
        return new BoolFieldNode(field.Id, (value.Text == "true") != (c.Operator == ConditionOperator.NotEqual));
    }

    private static ConditionNode? Number(FieldDefinition field, ComparisonSyntax c, IReadOnlyDictionary<string, string[]> lists,
        Action<int, string> error)
    {
        if (c.Operator == ConditionOperator.In)
        {
            var numbers = new List<double>();
            bool valid = true;
            foreach (var (item, offset) in Items(c, lists))
            {
                if (TryNumber(item, out double n))
                {
                    numbers.Add(n);
                }
                else
                {
                    error(offset, $"{field.Name} is a number field, and '{item}' is not a number");
                    valid = false;
                }
            }
            return valid ? new NumberSetNode(field.Id, [.. numbers]) : null;
        }
        if (c.IsList || c.Operator is not (ConditionOperator.Equal or ConditionOperator.NotEqual) && !ConditionOperators.IsOrdering(c.Operator))
        {
            error(c.OperatorOffset, $"'{Name(c)}' does not apply to number field {field.Name} (use = != < <= > >= or in)");
            return null;
        }
        var value = c.Operands[0];
        if (value.Quoted || !TryNumber(value.Text, out double number))
        {
            error(value.Offset, $"{field.Name} is a number field, and {Quote(value)} is not a number");
            return null;
        }
        return new NumberComparisonNode(field.Id, c.Operator, number);
    }

    private static ConditionNode? String(FieldDefinition field, ComparisonSyntax c, IReadOnlyDictionary<string, string[]> lists,
        Action<int, string> error)
    {
        if (c.Operator == ConditionOperator.Intersects)
        {
            error(c.OperatorOffset, $"'intersects' needs a list field, and {field.Name} is a string: use 'in'");
            return null;
        }
        if (c.IsList)
        {
            return new StringFieldNode(field.Id, Matcher(c.Operator, Items(c, lists).Select(i => i.Item).ToArray()), negate: false);
        }
        var value = c.Operands[0];
        if (!value.Quoted && TryNumber(value.Text, out _))
        {
            error(value.Offset, $"{field.Name} is a string field, and {value.Text} is a number: quote it (\"{value.Text}\") to compare text");
            return null;
        }
        StringMatcher matcher = c.Operator switch
        {
            ConditionOperator.Equal or ConditionOperator.NotEqual => new EqualsMatcher(value.Text),
            ConditionOperator.Less or ConditionOperator.LessOrEqual or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual
                => new OrderMatcher(c.Operator, value.Text),
            _ => Matcher(c.Operator, [value.Text]),
        };
        return new StringFieldNode(field.Id, matcher, negate: c.Operator == ConditionOperator.NotEqual);
    }

    private static ConditionNode? List(FieldDefinition field, ComparisonSyntax c, IReadOnlyDictionary<string, string[]> lists,
        Action<int, string> error)
    {
        if (c.Operator is ConditionOperator.Equal or ConditionOperator.NotEqual || ConditionOperators.IsOrdering(c.Operator))
        {
            error(c.OperatorOffset, $"'{Name(c)}' does not apply to list field {field.Name}: use intersects (an item is in the list), "
                + "in (every item is), or a string operator (an item matches)");
            return null;
        }
        string[] values = c.IsList ? [.. Items(c, lists).Select(i => i.Item)] : [c.Operands[0].Text];
        var matcher = Matcher(c.Operator, values);
        return c.Operator == ConditionOperator.In ? new ListAllNode(field.Id, matcher) : new ListAnyNode(field.Id, matcher);
    }

    private static StringMatcher Matcher(ConditionOperator op, string[] values) => op switch
    {
        ConditionOperator.Contains or ConditionOperator.ContainsAny => new ContainsMatcher(values, StringComparison.Ordinal),
        ConditionOperator.IContains or ConditionOperator.IContainsAny => new ContainsMatcher(values, StringComparison.OrdinalIgnoreCase),
        ConditionOperator.StartsWith or ConditionOperator.StartsWithAny => new StartsWithMatcher(values),
        ConditionOperator.EndsWith => new EndsWithMatcher(values[0]),
        ConditionOperator.Glob or ConditionOperator.GlobAny => new GlobMatcher(values),
        ConditionOperator.PMatch => new PathPrefixMatcher(values),
        _ => new SetMatcher(values),
    };

    /// <summary>The items of a parenthesised list, a bare word that names a list replaced by that
    /// list's items; each with the offset to blame.</summary>
    private static IEnumerable<(string Item, int Offset)> Items(ComparisonSyntax c, IReadOnlyDictionary<string, string[]> lists)
    {
        foreach (var operand in c.Operands)
        {
            if (!operand.Quoted && lists.TryGetValue(operand.Text, out var items))
            {
                foreach (string item in items)
                {
                    yield return (item, operand.Offset);
                }
            }
            else
            {
                yield return (operand.Text, operand.Offset);
            }
        }
    }

    /// <summary>A number as conditions write it: digits with an optional sign, point and exponent.
    /// A digit must come first after the sign and point: "NaN" and "Infinity" are names.</summary>
    public static bool TryNumber(string text, out double value)
    {
        value = 0;
        var digits = text.AsSpan().TrimStart("+-.");
        return digits.Length > 0 && char.IsAsciiDigit(digits[0])
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string Name(ComparisonSyntax c) => ConditionOperators.Name(c.Operator);

    private static string Quote(OperandSyntax value) => value.Quoted ? $"\"{value.Text}\"" : $"'{value.Text}'";
}
