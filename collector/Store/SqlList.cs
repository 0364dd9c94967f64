using Dapper;

namespace HsGuard.Collector.Store;

/// <summary>
/// A list for "IN (...)", spelled out as one parameter each. Dapper expands "IN @list" itself on
/// SQLite but hands Npgsql the list as one array, which "IN" does not take (a syntax error on
/// PostgreSQL), and "= ANY (@list)" is not SQLite's: this is the same SQL on both.
/// </summary>
internal static class SqlList
{
    /// <summary>Adds the values to <paramref name="parameters"/> as @{prefix}0, @{prefix}1, ...;
    /// returns "(@{prefix}0, @{prefix}1, ...)". At least one value.</summary>
    public static string Add<T>(DynamicParameters parameters, string prefix, IReadOnlyCollection<T> values)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        return "(" + string.Join(", ", values.Select((value, i) =>
        {
            parameters.Add($"{prefix}{i}", value);
            return $"@{prefix}{i}";
        })) + ")";
    }
}
