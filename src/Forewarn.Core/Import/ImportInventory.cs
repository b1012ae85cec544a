using Forewarn.Core.Data;

namespace Forewarn.Core.Import;

/// <summary>§8: import an inventory bundle; idempotent; a malformed bundle is refused whole. (Being built.)</summary>
public sealed class ImportInventory(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Request(string Json);

    public sealed record Error(string Path, string Message)
    {
        public override string ToString() => $"{Path}: {Message}";
    }

    public sealed record Counts(int SmartAccounts, int VirtualAccounts, int Licenses, int LicenseLines,
        int ProductInstances, int Users, int Events, int Changed);

    public sealed record Result(Counts? Imported, IReadOnlyList<Error> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    public Task<Result> HandleAsync(Request request, CancellationToken ct)
    {
        _ = db; _ = clock;
        throw new NotImplementedException();
    }
}
