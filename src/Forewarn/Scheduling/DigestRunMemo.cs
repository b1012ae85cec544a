using System.Collections.Concurrent;

namespace Forewarn.Scheduling;

/// <summary>Per Smart Account, the last digest date this process ran to completion, so a due account is not re-run every check.</summary>
public sealed class DigestRunMemo
{
    private readonly ConcurrentDictionary<string, DateOnly> _lastRun = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, DateOnly> Snapshot() => new Dictionary<string, DateOnly>(_lastRun, StringComparer.OrdinalIgnoreCase);

    public void Completed(string domain, DateOnly digestDate) =>
        _lastRun.AddOrUpdate(domain, digestDate, (_, previous) => previous > digestDate ? previous : digestDate);
}
