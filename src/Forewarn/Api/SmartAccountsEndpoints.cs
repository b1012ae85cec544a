using Forewarn.Core.Inventory;
using Forewarn.Web;

namespace Forewarn.Api;

/// <summary><c>GET /api/v1/smart-accounts</c>: the Smart Accounts the caller holds some access to (§1).</summary>
public static class SmartAccountsEndpoints
{
    public sealed record SmartAccountItem(string Domain, string Name, string TimeZone);

    public static void MapSmartAccounts(this RouteGroupBuilder api) =>
        api.MapGet("/smart-accounts", async (HttpContext http, ListSmartAccounts handler, CancellationToken ct) =>
                TypedResults.Ok((await handler.HandleAsync(new(http.User.UserId()), ct))
                    .Select(a => new SmartAccountItem(a.Domain, a.Name, a.TimeZone)).ToList()))
            .WithName("ListSmartAccounts")
            .WithSummary("The Smart Accounts visible to the caller, by name.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
