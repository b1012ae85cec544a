using Forewarn.Core.Accounts;
using Forewarn.Web;

namespace Forewarn.Api;

/// <summary><c>GET /api/v1/me</c>: who am I, and which Smart Accounts with which roles (§1).</summary>
public static class MeEndpoints
{
    public sealed record RoleItem(string Role, string? VirtualAccount);

    public sealed record SmartAccountRoles(string Domain, string Name, string TimeZone, IReadOnlyList<RoleItem> Roles);

    public sealed record MeItem(string Email, string Name, string? TimeZone, IReadOnlyList<SmartAccountRoles> SmartAccounts);

    public static void MapMe(this RouteGroupBuilder api) =>
        api.MapGet("/me", async (HttpContext http, GetMe handler, CancellationToken ct) =>
                ApiProblems.From(await handler.HandleAsync(new(http.User.UserId()), ct), me => new MeItem(
                    me.Email, me.Name, me.TimeZone,
                    me.SmartAccounts.Select(a => new SmartAccountRoles(a.Domain, a.Name, a.TimeZone,
                        a.Roles.Select(r => new RoleItem(r.Role, r.VirtualAccount)).ToList())).ToList())))
            .WithName("GetMe")
            .WithSummary("The signed-in user and the Smart Accounts they hold access to, with their roles.")
            .Produces<MeItem>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
