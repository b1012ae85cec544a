using System.Collections.Concurrent;

namespace Forewarn.Scheduling;

/// <summary>
/// Per Smart Account, the last digest date and the last alert date this process ran to completion, so a due account is
/// not re-run every check. Empty at start: a new process runs today's alerts once more, which is harmless (keyed raises).
/// </summary>
public sealed class DigestRunMemo
{
    private readonly ConcurrentDictionary<string, DateOnly> _lastRun = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateOnly> _lastAlerts = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, DateOnly> Snapshot() => Copy(_lastRun);

    public void Completed(string domain, DateOnly digestDate) => Later(_lastRun, domain, digestDate);

    public IReadOnlyDictionary<string, DateOnly> AlertsSnapshot() => Copy(_lastAlerts);

    public void AlertsCompleted(string domain, DateOnly date) => Later(_lastAlerts, domain, date);

    private static Dictionary<string, DateOnly> Copy(ConcurrentDictionary<string, DateOnly> map) => new(map, StringComparer.OrdinalIgnoreCase);

    private static void Later(ConcurrentDictionary<string, DateOnly> map, string domain, DateOnly date) =>
        map.AddOrUpdate(domain, date, (_, previous) => previous > date ? previous : date);
}
