using Forewarn.Core.Delivery;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Delivery;

/// <summary>Builders and steps shared by the delivery tests.</summary>
internal static class OutboxTestKit
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 3, 6, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(T0);

    /// <summary>A pending daily summary for <paramref name="recipient"/>, due at <paramref name="now"/>.</summary>
    public static OutboxMessage Message(string recipient, DateTime now, string? subject = null, string? name = null) => new()
    {
        IdempotencyKey = $"daily-summary|acme-networks.com|2026-12-03|{recipient}",
        Kind = "daily-summary",
        SmartAccountDomain = "acme-networks.com",
        Recipient = recipient,
        RecipientName = name,
        Subject = subject ?? "Daily Event Summary: Acme Networks, 2026-12-03",
        TextBody = $"Hello {recipient}\n- Catalyst 9300 | DEFAULT | qty 10 | expires 2026-12-20 | 17 days left\n",
        HtmlBody = $"<p>Hello {recipient}</p>",
        ExtraHeaders = "X-Forewarn-Date: 2026-12-03",
        MessageId = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(recipient)))[..32]}@forewarn.test",
        CreatedAt = now,
        NextAttemptAt = now,
    };

    public static async Task AddAsync(TestDatabase db, params OutboxMessage[] messages)
    {
        await using var ctx = db.NewContext();
        ctx.Outbox.AddRange(messages);
        await ctx.SaveChangesAsync();
    }

    public static async Task<OutboxMessage> RowAsync(TestDatabase db, string recipient)
    {
        await using var ctx = db.NewContext();
        return await ctx.Outbox.AsNoTracking().SingleAsync(m => m.Recipient == recipient);
    }

    public static async Task<List<OutboxMessage>> RowsAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>One drain by a dispatcher resolved as the app would (a scope per run).</summary>
    public static async Task<DeliveryReport> DrainAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(ct);
    }

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string value)
    {
        settings[key] = value;
        return settings;
    }
}
