using System.Text;

namespace HsGuard.Collector.Detection.Rules;

/// <summary>The field reference of rules/README.md, made from <see cref="FieldCatalog"/> so that
/// the two cannot drift apart (a test compares them; <c>hsguard-collector rules fields --markdown</c>
/// prints it).</summary>
public static class RuleFieldTable
{
    public static string Markdown()
    {
        var table = new StringBuilder();
        table.Append("| Field | Type | Description |\n");
        table.Append("| --- | --- | --- |\n");
        foreach (var field in FieldCatalog.All)
        {
            table.Append("| `").Append(field.Name).Append("` | ").Append(FieldScope.TypeName(field.Type)).Append(" | ")
                .Append(field.Description.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }
        return table.ToString();
    }

    /// <summary>Aligned plain text: name, type, description.</summary>
    public static string Text()
    {
        int width = FieldCatalog.All.Max(f => f.Name.Length);
        var text = new StringBuilder();
        foreach (var field in FieldCatalog.All)
        {
            text.Append(field.Name.PadRight(width)).Append("  ").Append(FieldScope.TypeName(field.Type).PadRight(6)).Append("  ")
                .Append(field.Description).Append('\n');
        }
        return text.ToString();
    }
}
