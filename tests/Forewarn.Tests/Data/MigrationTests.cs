using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Tests.Data;

public class MigrationTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Model_ComparedWithMigrations_HasNoPendingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var ctx = db.NewContext();
        Assert.False(ctx.Database.HasPendingModelChanges(),
            $"The model has changes with no {kind} migration: run scripts/add-migration.sh <Name>.");
        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync());
    }
}
