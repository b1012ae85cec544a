using Forewarn.Core;
using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Forewarn.Tests.Infrastructure;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// A fresh, migrated database of either provider. SQLite: a file in a temp directory.
/// PostgreSQL: a new database in the throwaway cluster named by FOREWARN_TEST_POSTGRES
/// (scripts/test.sh starts it), dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "FOREWARN_TEST_POSTGRES";

    public DatabaseKind Kind { get; }
    public string DataDirectory { get; }
    public string? PostgresConnectionString { get; }
    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(DatabaseKind kind, string dataDirectory, string? pg, string? admin, string? name)
    {
        Kind = kind; DataDirectory = dataDirectory; PostgresConnectionString = pg; _adminConnectionString = admin; _databaseName = name;
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), "forewarn-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        TestDatabase db;
        if (kind == DatabaseKind.Postgres)
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(admin))
                throw new InvalidOperationException(
                    $"{PostgresVariable} is not set: PostgreSQL tests need the cluster that scripts/test.sh starts. Run scripts/test.sh.");
            var name = "fw_" + Guid.NewGuid().ToString("N");
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
            db = new TestDatabase(kind, dir, cs, admin, name);
        }
        else db = new TestDatabase(kind, dir, null, null, null);

        await using var ctx = db.NewContext();
        await DatabaseSetup.MigrateAsync(ctx);
        return db;
    }

    /// <summary>Configuration as the app would read it from <c>Forewarn__*</c> variables.</summary>
    public Dictionary<string, string?> Settings() => Kind == DatabaseKind.Postgres
        ? new()
        {
            ["Forewarn:DataDirectory"] = DataDirectory,
            ["Forewarn:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Forewarn"] = PostgresConnectionString,
        }
        : new() { ["Forewarn:DataDirectory"] = DataDirectory };

    public ForewarnDbContext NewContext() => Kind == DatabaseKind.Postgres
        ? new PostgresForewarnDbContext(new DbContextOptionsBuilder<PostgresForewarnDbContext>().UseNpgsql(PostgresConnectionString).Options)
        : new SqliteForewarnDbContext(new DbContextOptionsBuilder<SqliteForewarnDbContext>()
            .UseSqlite(DatabaseSetup.SqliteConnectionString(DataDirectory)).Options);

    /// <summary>A service provider wired like the app (AddForewarnCore) on this database, with a fake clock.</summary>
    public ServiceProvider Services(FakeTimeProvider clock, IDictionary<string, string?>? extra = null)
    {
        var settings = Settings();
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IConfiguration>(config);
        services.AddForewarnCore(config);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async ValueTask DisposeAsync()
    {
        SqliteClearPools();
        if (_adminConnectionString is not null && _databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_adminConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void SqliteClearPools() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
}

/// <summary>Both providers, for <c>[Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]</c>.</summary>
public static class Providers
{
    public static TheoryData<DatabaseKind> Both => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };
}
