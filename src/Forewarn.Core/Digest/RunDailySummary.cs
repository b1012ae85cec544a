using Forewarn.Core.Data;

namespace Forewarn.Core.Digest;

/// <summary>§3: compose the Daily Event Summary for every Smart Account and write it to the outbox. (Being built.)</summary>
public sealed class RunDailySummary(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="Date">Digest date for every account; null: today in each account's zone.</param>
    /// <param name="SmartAccountDomain">Only this account; null: all.</param>
    public sealed record Request(DateOnly? Date, string? SmartAccountDomain = null);

    public sealed record Summary(int SmartAccounts, int Recipients, int DigestsQueued, int CopiesQueued,
        int SkippedEmpty, int AlreadyDecided);

    public Task<Summary> HandleAsync(Request request, CancellationToken ct)
    {
        _ = db; _ = clock;
        throw new NotImplementedException();
    }
}
