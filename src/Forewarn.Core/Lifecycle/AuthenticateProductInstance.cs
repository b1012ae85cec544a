using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Lifecycle;

/// <summary>Which product instance an instance credential (the agent API's bearer token) belongs to; null for any other string.</summary>
public sealed class AuthenticateProductInstance(ForewarnDbContext db)
{
    public sealed record Authenticated(int InstanceId, int VirtualAccountId, int SmartAccountId);

    public async Task<Authenticated?> HandleAsync(string? credential, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(credential) || !credential.StartsWith(AgentSecrets.InstanceCredentialPrefix, StringComparison.Ordinal)) return null;
        var hash = AgentSecrets.HashOf(credential);
        return await db.ProductInstances.AsNoTracking().Where(p => p.CredentialHash == hash)
            .Select(p => new Authenticated(p.Id, p.VirtualAccountId, p.VirtualAccount.SmartAccountId))
            .SingleOrDefaultAsync(ct);
    }
}
