namespace HsGuard.Collector.Store;

public enum StoreProvider
{
    /// <summary>One file in the state directory (WAL): the embedded default.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server, for fleets that run several collectors against one database.</summary>
    PostgreSql,
}
