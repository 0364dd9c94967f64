using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HsGuard.Collector.Store;

/// <summary>
/// What differs between SQLite and PostgreSQL for HsGuard's few needs: how a connection is made
/// and set up, the type of a generated key, and how a collector claims outbox rows so that two
/// collectors on one database never send the same notice. Everything else is the same SQL.
/// </summary>
internal abstract class StoreDialect
{
    public abstract StoreProvider Provider { get; }

    /// <summary>The column definition of a generated 64-bit primary key.</summary>
    public abstract string Identity { get; }

    public abstract DbConnection Open();

    /// <summary>Serialises migrations across collectors starting at the same time.</summary>
    public abstract void LockForMigration(DbConnection connection, DbTransaction transaction);

    /// <summary>"FOR UPDATE SKIP LOCKED" where the database has it.</summary>
    public abstract string SkipLocked { get; }

    public static StoreDialect Create(StoreOptions options, string stateDirectory) => options.Provider switch
    {
        StoreProvider.PostgreSql => new PostgreSqlDialect(options.ConnectionString!),
        _ => new SqliteDialect(string.IsNullOrWhiteSpace(options.ConnectionString)
            ? Path.Combine(stateDirectory, "hsguard.db")
            : options.ConnectionString),
    };

    private sealed class SqliteDialect : StoreDialect
    {
        private readonly string _connectionString;
        private volatile bool _walSet;

        public SqliteDialect(string path)
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30, ForeignKeys = true }.ToString();
        }

        public override StoreProvider Provider => StoreProvider.Sqlite;

        public override string Identity => "INTEGER PRIMARY KEY AUTOINCREMENT";

        public override string SkipLocked => "";

        public override DbConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            if (!_walSet)
            {
                // WAL (kept in the file): readers do not block the writer.
                using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL";
                wal.ExecuteNonQuery();
                _walSet = true;
            }
            using var pragma = connection.CreateCommand();
            // NORMAL: a commit survives the process being killed (the OS has it), not a power cut
            // in the same instant, for far fewer fsyncs. Per connection, and cheap.
            pragma.CommandText = "PRAGMA synchronous=NORMAL";
            pragma.ExecuteNonQuery();
            return connection;
        }

        public override void LockForMigration(DbConnection connection, DbTransaction transaction)
        {
            // Take SQLite's write lock now (as BEGIN IMMEDIATE would): a second process waits here
            // (busy_timeout) and then finds the schema done.
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "CREATE TABLE IF NOT EXISTS migration_lock (id INTEGER PRIMARY KEY); DELETE FROM migration_lock";
            command.ExecuteNonQuery();
        }
    }

    private sealed class PostgreSqlDialect : StoreDialect
    {
        private readonly NpgsqlDataSource _source;

        public PostgreSqlDialect(string connectionString)
        {
            _source = NpgsqlDataSource.Create(connectionString);
        }

        public override StoreProvider Provider => StoreProvider.PostgreSql;

        public override string Identity => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

        public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

        public override DbConnection Open() => _source.OpenConnection();

        public override void LockForMigration(DbConnection connection, DbTransaction transaction)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // An arbitrary constant: HsGuard's migration lock.
            command.CommandText = "SELECT pg_advisory_xact_lock(4815162342)";
            command.ExecuteNonQuery();
        }
    }
}
