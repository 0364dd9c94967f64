namespace HsGuard.Collector.Detection;

/// <summary>
/// The values of the fields for one evaluation (one process, or one user). Asked by field id
/// (<see cref="FieldDefinition.Id"/>), each only in its own type; values may be computed on first
/// request and kept for the rest of the evaluation. A field without a value (a busy-only field of an
/// idle process) answers <see cref="Has"/> false, and comparisons with it are false.
/// </summary>
public interface IFieldSource
{
    bool Has(int field);

    string GetString(int field);

    double GetNumber(int field);

    bool GetBool(int field);

    IReadOnlyList<string> GetList(int field);
}
