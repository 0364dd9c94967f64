using System.Globalization;
using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Detection.Rules.Definitions;

/// <summary>Reads the value of one key of an item, or reports what is wrong with it at the value
/// and returns null.</summary>
internal static class RuleValues
{
    public const int MaxWeight = 1000;

    public static List<SourceScalar>? Scalars(SourceNode value, string key, List<RuleError> errors)
    {
        if (value is not SourceSequence sequence)
        {
            errors.Add(value.Error($"{key} must be a list ([a, b] or lines of '- a'), not {value.Kind}"));
            return null;
        }
        var scalars = new List<SourceScalar>();
        foreach (var node in sequence.Items)
        {
            if (node is SourceScalar { Value.Length: > 0 } scalar)
            {
                scalars.Add(scalar);
            }
            else
            {
                errors.Add(node.Error($"an entry of {key} must be a non-empty value, not {(node is SourceScalar ? "an empty one" : node.Kind)}"));
            }
        }
        return scalars;
    }

    public static SourceScalar? Text(SourceNode value, string key, List<RuleError> errors)
    {
        if (value is SourceScalar scalar && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return scalar;
        }
        errors.Add(value.Error(value is SourceScalar ? $"{key} is empty" : $"{key} must be text, not {value.Kind}"));
        return null;
    }

    public static RulePriority? Priority(SourceNode value, string key, List<RuleError> errors)
    {
        if (value is SourceScalar scalar)
        {
            string text = scalar.Value.Trim();
            if (text.Equals("INFO", StringComparison.OrdinalIgnoreCase))
            {
                return RulePriority.Informational;
            }
            foreach (var priority in Enum.GetValues<RulePriority>())
            {
                if (text.Equals(priority.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    return priority;
                }
            }
        }
        errors.Add(value.Error($"{key} must be one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG"
            + Given(value)));
        return null;
    }

    public static int? Weight(SourceNode value, List<RuleError> errors)
    {
        if (value is SourceScalar scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int weight)
            && weight <= MaxWeight)
        {
            return weight;
        }
        errors.Add(value.Error(string.Create(CultureInfo.InvariantCulture, $"weight must be a whole number from 0 to {MaxWeight}")
            + Given(value)));
        return null;
    }

    public static RuleSource? Source(SourceNode value, List<RuleError> errors)
    {
        switch ((value as SourceScalar)?.Value)
        {
            case "process":
                return RuleSource.Process;
            case "user":
                return RuleSource.User;
            default:
                errors.Add(value.Error("source must be process or user" + Given(value)));
                return null;
        }
    }

    public static bool? Bool(SourceNode value, string key, List<RuleError> errors)
    {
        if (value is SourceScalar scalar && bool.TryParse(scalar.Value, out bool result))
        {
            return result;
        }
        errors.Add(value.Error($"{key} must be true or false" + Given(value)));
        return null;
    }

    /// <summary>", not 'VALUE'" for an error about a wrong value.</summary>
    public static string Given(SourceNode value) => value is SourceScalar s ? $", not '{s.Value}'" : "";
}
