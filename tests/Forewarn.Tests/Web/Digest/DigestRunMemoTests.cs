using Forewarn.Scheduling;

namespace Forewarn.Tests.Web.Digest;

public class DigestRunMemoTests
{
    [Fact]
    public void Completed_OlderDateAfterNewer_KeepsTheNewestPerAccountCaseInsensitively()
    {
        var memo = new DigestRunMemo();

        memo.Completed("acme-networks.com", new DateOnly(2026, 12, 3));
        memo.Completed("ACME-NETWORKS.COM", new DateOnly(2026, 12, 2));
        memo.Completed("initech.io", new DateOnly(2026, 12, 4));
        var snapshot = memo.Snapshot();
        memo.Completed("initech.io", new DateOnly(2026, 12, 5));

        Assert.Equal(new DateOnly(2026, 12, 3), snapshot["acme-networks.com"]);
        Assert.Equal(new DateOnly(2026, 12, 4), snapshot["initech.io"]);
        Assert.Equal(new DateOnly(2026, 12, 5), memo.Snapshot()["INITECH.IO"]);
    }
}
