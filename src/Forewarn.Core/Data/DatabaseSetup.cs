using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Core.Data;

public static class DatabaseSetup
{
    /// <summary>Registers <see cref="ForewarnDbContext"/> on the configured provider.</summary>
    public static IServiceCollection AddForewarnDatabase(this IServiceCollection services, IConfiguration configuration, ForewarnOptions options)
    {
        switch (options.Database.Provider)
        {
            case DatabaseProvider.Postgres:
                var cs = configuration.GetConnectionString("Forewarn");
                if (string.IsNullOrWhiteSpace(cs))
                    throw new InvalidOperationException(
                        "Forewarn:Database:Provider is Postgres but ConnectionStrings:Forewarn (ConnectionStrings__Forewarn) is not set.");
                services.AddDbContext<PostgresForewarnDbContext>(o => o.UseNpgsql(cs));
                services.AddScoped<ForewarnDbContext>(sp => sp.GetRequiredService<PostgresForewarnDbContext>());
                break;
            default:
                var sqlite = SqliteConnectionString(options.DataDirectory);
                services.AddDbContext<SqliteForewarnDbContext>(o => o.UseSqlite(sqlite));
                services.AddScoped<ForewarnDbContext>(sp => sp.GetRequiredService<SqliteForewarnDbContext>());
                break;
        }
        return services;
    }

    public static string SqliteConnectionString(string dataDirectory)
    {
        try
        {
            Directory.CreateDirectory(dataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Forewarn:DataDirectory '{dataDirectory}' cannot be created: {e.Message}", e);
        }
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(dataDirectory), "forewarn.db"),
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    /// <summary>Applies pending migrations; SQLite is switched to WAL so the CLI and the server can share the file.</summary>
    public static async Task MigrateAsync(ForewarnDbContext db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
    }

    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException p => p.SqlState == "23505",
        _ => false,
    };
}

/// <summary>Design-time factories so <c>dotnet ef migrations add</c> can build each provider's model.</summary>
public sealed class SqliteDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteForewarnDbContext>
{
    public SqliteForewarnDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteForewarnDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresForewarnDbContext>
{
    public PostgresForewarnDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresForewarnDbContext>().UseNpgsql("Host=127.0.0.1;Database=design").Options);
}
