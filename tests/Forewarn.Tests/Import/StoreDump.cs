using System.Globalization;
using System.Text;
using Forewarn.Core.Data;
using Forewarn.Core.Import;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Import;

/// <summary>Every row of every table of the model, as text, to prove an import changed nothing (or exactly what).</summary>
public static class StoreDump
{
    public static async Task<string> AllAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var text = new StringBuilder();
        foreach (var type in ctx.Model.GetEntityTypes().OrderBy(t => t.ClrType.Name, StringComparer.Ordinal))
        {
            var rows = await Rows(ctx, type.ClrType).ToListAsync();
            var properties = type.GetProperties().Where(p => p.PropertyInfo is not null).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {type.ClrType.Name}: {rows.Count}");
            foreach (var line in rows.Select(r => string.Join(" | ", properties.Select(p => $"{p.Name}={Format(p.PropertyInfo!.GetValue(r))}")))
                         .Order(StringComparer.Ordinal))
                text.AppendLine(line);
        }
        return text.ToString();
    }

    /// <summary>Row count of every table, by entity name.</summary>
    public static async Task<Dictionary<string, int>> CountsAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var counts = new Dictionary<string, int>();
        foreach (var type in ctx.Model.GetEntityTypes())
            counts[type.ClrType.Name] = await Rows(ctx, type.ClrType).CountAsync();
        return counts;
    }

    public static async Task AssertEmptyAsync(TestDatabase db)
    {
        var counts = await CountsAsync(db);
        Assert.True(counts.Values.All(c => c == 0), "expected every table empty, found " +
            string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value}")));
    }

    /// <summary>Runs the import handler as the app wires it (AddForewarnCore), in its own scope.</summary>
    public static async Task<ImportInventory.Result> ImportAsync(TestDatabase db, string json)
    {
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImportInventory>().HandleAsync(new ImportInventory.Request(json), CancellationToken.None);
    }

    private static IQueryable<object> Rows(ForewarnDbContext ctx, Type clrType) =>
        ((IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
            .MakeGenericMethod(clrType).Invoke(ctx, null)!).AsNoTracking();

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture) + "/" + d.Kind,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
