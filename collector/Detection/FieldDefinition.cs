namespace HsGuard.Collector.Detection;

/// <summary>A field of the rule language: its name (as written in conditions and outputs), its
/// type, what it means, and its index, by which an <see cref="IFieldSource"/> answers.</summary>
public sealed record FieldDefinition(int Id, string Name, FieldType Type, string Description);
