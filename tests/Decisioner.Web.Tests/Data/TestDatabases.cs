using Npgsql;

namespace Decisioner.Web.Tests.Data;

/// <summary>
/// A test that needs a real PostgreSQL server, named by DECISIONER_TEST_POSTGRES (an Npgsql connection
/// string to a user that may create databases; <c>.ci/run</c> starts a throwaway cluster and sets it).
/// Without it the test is skipped and says so, except under CI=true, where it must run.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ConnectionString is null && !TestPostgres.IsCi)
        {
            Skip = "PostgreSQL not configured: set DECISIONER_TEST_POSTGRES (see .ci/run, which starts a throwaway cluster)";
        }
    }
}

internal static class TestPostgres
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("DECISIONER_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new, empty database on the test server, dropped when disposed.</summary>
    public static async Task<TestPostgresDatabase> CreateAsync()
    {
        var server = ConnectionString ?? throw new InvalidOperationException("DECISIONER_TEST_POSTGRES is not set, and CI=true needs it: .ci/run starts PostgreSQL and sets it.");
        var name = "decisioner_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new TestPostgresDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }
}

internal sealed class TestPostgresDatabase(string server, string name, string connectionString) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>The settings that point a site at this database.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = ConnectionString,
        ["Database:MigrateOnStart"] = "true",
    };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
