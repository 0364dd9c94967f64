namespace HsGuard.Collector.Detection.Rules;

/// <summary>Which fields a rule may use: a process rule all of them, a user rule (evaluated for a
/// user, with no process at hand) only user.* and host.*.</summary>
internal static class FieldScope
{
    public static bool IsProcessField(FieldDefinition field) => field.Name.StartsWith("proc.", StringComparison.Ordinal);

    public static string UserRuleRefusal(string rule, string field) =>
        $"rule '{rule}' has source: user, which sees only user.* and host.* fields, not {field}";

    public static string TypeName(FieldType type) => type switch
    {
        FieldType.String => "string",
        FieldType.Number => "number",
        FieldType.Bool => "bool",
        _ => "list",
    };
}
