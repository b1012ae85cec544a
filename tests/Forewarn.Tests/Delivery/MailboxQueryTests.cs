using Forewarn.Core.Delivery;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Forewarn.Tests.Delivery.OutboxTestKit;

namespace Forewarn.Tests.Delivery;

/// <summary>M3: the queries behind /mailbox.</summary>
public class MailboxQueryTests
{
    private static MailboxMessage Stored(string subject, DateTime receivedAt) => new()
    {
        Subject = subject,
        ReceivedAt = receivedAt,
        EnvelopeFrom = "forewarn@localhost.localdomain",
        EnvelopeTo = "alice@acme-networks.com",
        Raw = System.Text.Encoding.ASCII.GetBytes($"Subject: {subject}\r\nFrom: forewarn@localhost.localdomain\r\n\r\nbody\r\n"),
    };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ListMailbox_ThreeMessagesPagesOfTwo_NewestFirst(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var t0 = T0.UtcDateTime;
        await using (var ctx = db.NewContext())
        {
            ctx.Mailbox.AddRange(Stored("middle", t0.AddMinutes(1)), Stored("oldest", t0), Stored("newest", t0.AddMinutes(2)));
            await ctx.SaveChangesAsync();
        }
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();
        var list = scope.ServiceProvider.GetRequiredService<ListMailbox>();

        var first = (await list.HandleAsync(new(Page: 1, PageSize: 2), default)).Value!;
        var second = (await list.HandleAsync(new(Page: 2, PageSize: 2), default)).Value!;

        Assert.Equal(["newest", "middle"], first.Items.Select(i => i.Subject));
        Assert.Equal(["oldest"], second.Items.Select(i => i.Subject));
        Assert.Equal((3, 3), (first.Total, second.Total));
        Assert.Equal(t0.AddMinutes(2), first.Items[0].ReceivedAt);
    }

    [Theory]
    [InlineData(0, 50, "page: must be 1 or more (got 0).")]
    [InlineData(1, 0, "pageSize: must be 1-200 (got 0).")]
    [InlineData(1, 201, "pageSize: must be 1-200 (got 201).")]
    public async Task ListMailbox_BadPaging_RefusedNamingTheField(int page, int pageSize, string expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<ListMailbox>().HandleAsync(new(page, pageSize), default);

        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        Assert.Equal([expected], result.Errors);
    }

    [Fact]
    public async Task OpenMailboxMessage_UnknownId_Null()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();

        Assert.Null(await scope.ServiceProvider.GetRequiredService<OpenMailboxMessage>().HandleAsync(new(12345), default));
    }
}
