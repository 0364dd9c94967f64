namespace HsGuard.Collector.Detection;

/// <summary>The type of a field that rule conditions can use.</summary>
public enum FieldType
{
    String,
    Number,
    Bool,
    /// <summary>A set of strings (ancestors' names, remote addresses, ...).</summary>
    StringList,
}
