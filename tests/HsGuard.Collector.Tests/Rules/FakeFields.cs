using HsGuard.Collector.Detection;

namespace HsGuard.Collector.Tests.Rules;

/// <summary>An in-memory <see cref="IFieldSource"/>: values set by field name, kept in an array by
/// field id, so that reading them allocates nothing (numbers and bools are boxed once, when set).</summary>
internal sealed class FakeFields : IFieldSource
{
    private readonly object?[] _values = new object?[FieldCatalog.All.Count];

    /// <summary>Sets a field; the value's type must be the field's (string, double, bool, string[]).</summary>
    public FakeFields With(string name, object? value)
    {
        if (!FieldCatalog.TryGet(name, out var field))
        {
            throw new ArgumentException($"no field {name}", nameof(name));
        }
        bool fits = value is null || field.Type switch
        {
            FieldType.String => value is string,
            FieldType.Number => value is double,
            FieldType.Bool => value is bool,
            _ => value is string[],
        };
        if (!fits)
        {
            throw new ArgumentException($"{name} is a {field.Type}, not {value!.GetType().Name}", nameof(value));
        }
        _values[field.Id] = value;
        return this;
    }

    public bool Has(int field) => _values[field] is not null;

    public string GetString(int field) => (string)_values[field]!;

    public double GetNumber(int field) => (double)_values[field]!;

    public bool GetBool(int field) => (bool)_values[field]!;

    public IReadOnlyList<string> GetList(int field) => (string[])_values[field]!;
}
