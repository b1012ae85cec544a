using System.Globalization;
using System.Text.Json;

namespace Forewarn.Bench.Generator;

/// <summary>What a generated bundle holds; printed as JSON so the bench script can put it in its table.</summary>
public sealed record BundleCounts(
    int SmartAccounts, int VirtualAccounts, int Licenses, int Lines, int PerpetualLines, int LinesExpiringWithin90Days,
    int ProductInstances, int Users, int AccessEntries, int PreferenceEntries, int PreferencesWithDigest, int AdditionalAddresses,
    int Events, int EventsOnDayBeforeDigest);

/// <summary>
/// Writes a synthetic inventory bundle in the format of PRODUCT.md §8 (the shape of samples/sample-inventory.json),
/// streaming with <see cref="Utf8JsonWriter"/> so a bundle of any size costs little memory to write.
/// Deterministic: every section draws from its own <see cref="Random"/> seeded from the seed and its position,
/// so the same options give the same bytes, and growing one dimension leaves the others' data as they were.
/// </summary>
public sealed class BundleGenerator(GeneratorOptions options)
{
    private static readonly string[] Zones =
        ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Pacific/Auckland", "UTC", "America/Los_Angeles", "Asia/Kolkata"];

    private static readonly string[] RegionalVas = ["DEFAULT", "EMEA", "APJC", "AMER", "LATAM"];

    // Product names as CSSM shows them; one carries characters that must be escaped in HTML (D6).
    private static readonly string[] Products =
    [
        "Catalyst 9300 Network Advantage", "Catalyst 9300 DNA Advantage, 3Y", "Catalyst 9200 DNA Essentials", "ISE Plus", "ISE Base",
        "Firepower Threat Defense Threat Protection", "ASAv10 Standard - 1G", "Catalyst 8000V Network Essentials", "Webex Calling Professional",
        "Secure Client Advantage", "Nexus 9300 Essentials", "Meraki MR Enterprise", "DNA Center Advantage", "Umbrella DNS Essentials",
        "R&D <Tools>", "ThousandEyes Cloud Agent", "SD-WAN Advantage", "Secure Firewall URL Filtering", "Duo Premier", "Prime Infrastructure",
    ];

    private static readonly string[] FirstNames = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Zoë", "Seán"];
    private static readonly string[] LastNames = ["Admin", "O'Connor", "Müller", "Smith", "Nakamura", "Okafor", "García", "Dubois", "Kowalski", "Singh"];

    private static readonly string[] AlertEvents =
        ["InsufficientLicenses", "LicensesExpiring", "LicensesExpired", "ProductInstanceFailedToConnect", "ProductInstanceFailedToRenew", "AuthorizationExpired"];
    private static readonly string[] InformationalEvents =
        ["NewLicenses", "LicensesRemoved", "ProductInstanceRegistered", "RegistrationRenewed", "AuthorizationRenewed"];
    private static readonly string[] AllNotificationTypes = [.. AlertEvents, .. InformationalEvents];

    private static readonly string[] EventTypes =
    [
        "NewLicenses", "LicensesRemoved", "LicensesExpiring", "LicensesExpired", "InsufficientLicenses", "BackInCompliance",
        "ProductInstanceRegistered", "RegistrationRenewed", "AuthorizationRenewed", "ProductInstanceFailedToConnect",
        "RegistrationRenewalFailed", "AuthorizationRenewalFailed", "GracePeriodStarted", "ProductInstanceFailedToRenew",
        "ProductInstanceRemoved", "AuthorizationExpired", "GracePeriodExpired", "PreferencesChanged",
    ];

    private static readonly int[] Ranges = [90, 60, 30, 17, 7, 4, 3];

    private static readonly string[] Roles =
        ["SmartAccountAdmin", "SmartAccountUser", "SmartAccountViewer", "VirtualAccountAdmin", "VirtualAccountUser", "VirtualAccountViewer"];

    /// <summary>
    /// The first users of every account, so that even a small bundle holds every role and every preference shape:
    /// role, digest on, range chosen (null: none chosen), LicensesExpiring selected, additional addresses, VAs covered.
    /// </summary>
    private static readonly UserShape[] Archetypes =
    [
        new("SmartAccountAdmin", Digest: true, Range: null, Expiring: true, Additional: true, VaCount: 0),   // 90 preselected (N3), copies (N5)
        new("SmartAccountUser", Digest: true, Range: 30, Expiring: true, Additional: false, VaCount: 0),
        new("SmartAccountViewer", Digest: true, Range: 90, Expiring: false, Additional: false, VaCount: 0),  // no range: events only (N3)
        new("VirtualAccountAdmin", Digest: true, Range: 60, Expiring: true, Additional: false, VaCount: 1),
        new("VirtualAccountUser", Digest: true, Range: 3, Expiring: true, Additional: false, VaCount: 1),
        new("VirtualAccountViewer", Digest: false, Range: 30, Expiring: true, Additional: false, VaCount: 1), // digest off: no range stored
        new("SmartAccountAdmin", Digest: true, Range: 7, Expiring: true, Additional: false, VaCount: 0),
        new("VirtualAccountUser", Digest: true, Range: 17, Expiring: true, Additional: false, VaCount: 2),
        new("VirtualAccountViewer", Digest: true, Range: 4, Expiring: true, Additional: false, VaCount: 1),
    ];

    private sealed record UserShape(string Role, bool Digest, int? Range, bool Expiring, bool Additional, int VaCount, bool NoPreferences = false);

    private int _vas, _licenses, _lines, _perpetual, _expiring, _instances, _users, _access, _preferences, _withDigest, _additional, _events, _dayBefore;

    public BundleCounts Write(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();

        json.WriteStartArray("smartAccounts");
        for (var a = 0; a < options.Accounts; a++) WriteSmartAccount(json, a);
        json.WriteEndArray();

        json.WriteStartArray("users");
        for (var u = 0; u < options.Users; u++) WriteUser(json, u);
        json.WriteEndArray();

        json.WriteStartArray("events");
        for (var a = 0; a < options.Accounts; a++) WriteEvents(json, a);
        json.WriteEndArray();

        json.WriteEndObject();
        json.Flush();
        return new BundleCounts(options.Accounts, _vas, _licenses, _lines, _perpetual, _expiring, _instances, _users, _access,
            _preferences, _withDigest, _additional, _events, _dayBefore);
    }

    // ---- accounts ----------------------------------------------------------------------------------

    private static string Domain(int a) => $"bench{a:000}.example.com";

    private static string AccountName(int a) => a == 0 ? "Bench & Sons <Networks>" : $"Bench Account {a:000}";

    private static string Zone(int a) => Zones[a % Zones.Length];

    private static string VaName(int v) => v < RegionalVas.Length ? RegionalVas[v] : $"VA-{v:000}";

    private static string LicenseName(int k) =>
        k < Products.Length ? Products[k] : $"{Products[k % Products.Length]} #{k / Products.Length + 1}";

    private void WriteSmartAccount(Utf8JsonWriter json, int a)
    {
        json.WriteStartObject();
        json.WriteString("name", AccountName(a));
        json.WriteString("domain", Domain(a));
        json.WriteString("timeZone", Zone(a));
        json.WriteStartArray("virtualAccounts");
        for (var v = 0; v < options.VasPerAccount; v++) WriteVirtualAccount(json, a, v);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteVirtualAccount(Utf8JsonWriter json, int a, int v)
    {
        _vas++;
        var rng = Rng(1, a, v);
        json.WriteStartObject();
        json.WriteString("name", VaName(v));
        json.WriteStartArray("licenses");
        for (var k = 0; k < options.LicensesPerVa; k++) WriteLicense(json, rng, k);
        json.WriteEndArray();
        json.WriteStartArray("productInstances");
        for (var p = 0; p < options.InstancesPerVa; p++) WriteProductInstance(json, rng, a, v, p);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteLicense(Utf8JsonWriter json, Random rng, int k)
    {
        _licenses++;
        var lines = Enumerable.Range(0, options.LinesPerLicense).Select(_ => NewLine(rng)).ToList();
        var quantity = lines.Sum(l => l.Quantity);
        var inUse = rng.Next(0, quantity + quantity / 10 + 2);
        json.WriteStartObject();
        json.WriteString("license", LicenseName(k));
        json.WriteNumber("quantity", quantity);
        json.WriteNumber("inUse", inUse);
        json.WriteNumber("available", quantity - inUse);
        json.WriteString("status", inUse > quantity ? "Insufficient Licenses" : "In Compliance");
        json.WriteString("billingType", rng.Next(4) == 0 ? "SUBSCRIPTION" : "PREPAID");
        json.WriteStartArray("licenseDetails");
        foreach (var line in lines)
        {
            json.WriteStartObject();
            json.WriteString("licenseType", line.Type);
            json.WriteNumber("quantity", line.Quantity);
            json.WriteString("startDate", Iso(line.Start));
            if (line.End is { } end) json.WriteString("endDate", Iso(end));
            else json.WriteNull("endDate");
            if (line.Subscription is { } sub) json.WriteString("subscriptionId", sub);
            else json.WriteNull("subscriptionId");
            json.WriteString("status", line.End is { } e && e < options.DigestDate ? "Expired" : "Active");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private sealed record Line(string Type, int Quantity, DateOnly Start, DateOnly? End, string? Subscription);

    /// <summary>
    /// A line whose expiry falls, with the configured shares, in [D, D+90] (both bounds hit now and then),
    /// before D (expired), or after D+90; perpetual lines have no end date.
    /// </summary>
    private Line NewLine(Random rng)
    {
        _lines++;
        var quantity = rng.Next(1, 101);
        var d = options.DigestDate;
        if (rng.NextDouble() * 100 < options.PerpetualPercent)
        {
            _perpetual++;
            return new Line("PERPETUAL", quantity, d.AddDays(-rng.Next(0, 2000)), null, null);
        }
        var bucket = rng.NextDouble() * 100;
        int offset;
        if (bucket < options.ExpiringPercent) { offset = rng.Next(0, 91); _expiring++; }
        else if (bucket < options.ExpiringPercent + options.ExpiredPercent) offset = -rng.Next(1, 401);
        else offset = rng.Next(91, 1096);
        var end = d.AddDays(offset);
        var pick = rng.Next(100);
        var type = pick < 50 ? "TERM" : pick < 85 ? "SUBSCRIPTION" : "DEMO";
        var start = end.AddDays(-rng.Next(type == "DEMO" ? 30 : 365, type == "DEMO" ? 121 : 1096));
        return new Line(type, quantity, start, end, type == "SUBSCRIPTION" ? $"Sub{rng.Next(100_000, 999_999)}" : null);
    }

    private void WriteProductInstance(Utf8JsonWriter json, Random rng, int a, int v, int p)
    {
        _instances++;
        var registered = Midnight(options.DigestDate.AddDays(-rng.Next(30, 900))).AddHours(10);
        json.WriteStartObject();
        json.WriteString("name", $"{VaName(v).ToLowerInvariant()}-edge-{p:000}");
        json.WriteString("productType", "C8000V");
        json.WriteString("udiPid", p % 2 == 0 ? "C8000V" : "ASAv");
        json.WriteString("udiSerialNumber", $"FOC{a:000}{v:000}{p:00000}");
        json.WriteString("registeredAt", Instant(registered));
        json.WriteString("lastAuthorizationAt", Instant(registered.AddDays(rng.Next(0, 25)).AddMinutes(195)));
        json.WriteStartArray("licenseUsage");
        if (options.LicensesPerVa > 0)
        {
            json.WriteStartObject();
            json.WriteString("license", LicenseName(rng.Next(options.LicensesPerVa)));
            json.WriteNumber("quantity", 1);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // ---- users -------------------------------------------------------------------------------------

    private void WriteUser(Utf8JsonWriter json, int u)
    {
        _users++;
        var a = u % options.Accounts;
        var k = u / options.Accounts;
        var rng = Rng(2, u, 0);
        var shape = k < Archetypes.Length ? Archetypes[k] : RandomShape(rng);
        var first = FirstNames[rng.Next(FirstNames.Length)];
        var last = LastNames[rng.Next(LastNames.Length)];

        json.WriteStartObject();
        json.WriteString("email", $"u{u:000000}@{Domain(a)}");
        json.WriteString("name", $"{first} {last} {u}");
        if (rng.Next(5) == 0) json.WriteString("timeZone", Zones[rng.Next(Zones.Length)]);

        // A few users also watch a second account as viewers, with the digest on there.
        var second = options.Accounts > 1 && k >= Archetypes.Length && rng.Next(10) == 0 ? (a + 1) % options.Accounts : (int?)null;

        json.WriteStartArray("access");
        if (shape.VaCount == 0) WriteAccess(json, a, null, shape.Role);
        else
        {
            var covered = Math.Min(shape.VaCount, options.VasPerAccount);
            var startVa = rng.Next(options.VasPerAccount);
            for (var i = 0; i < covered; i++) WriteAccess(json, a, VaName((startVa + i) % options.VasPerAccount), shape.Role);
        }
        if (second is int s) WriteAccess(json, s, null, "SmartAccountViewer");
        json.WriteEndArray();

        json.WriteStartArray("preferences");
        if (!shape.NoPreferences) WritePreference(json, rng, a, u, shape);
        if (second is int s2) WritePreference(json, rng, s2, u, new UserShape("SmartAccountViewer", true, 30, true, false, 0));
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static UserShape RandomShape(Random rng)
    {
        var pick = rng.Next(100);
        var role = pick switch { < 8 => Roles[0], < 20 => Roles[1], < 30 => Roles[2], < 45 => Roles[3], < 75 => Roles[4], _ => Roles[5] };
        var vaCount = role.StartsWith("Virtual", StringComparison.Ordinal) ? (rng.Next(5) == 0 ? 2 : 1) : 0;
        return new UserShape(role,
            Digest: rng.Next(100) < 70,
            Range: rng.Next(10) < 3 ? null : Ranges[rng.Next(Ranges.Length)],
            Expiring: rng.Next(100) < 85,
            Additional: role == "SmartAccountAdmin" && rng.Next(2) == 0,
            VaCount: vaCount,
            NoPreferences: rng.Next(100) < 8);
    }

    private void WriteAccess(Utf8JsonWriter json, int a, string? va, string role)
    {
        _access++;
        json.WriteStartObject();
        json.WriteString("smartAccount", Domain(a));
        if (va is not null) json.WriteString("virtualAccount", va);
        json.WriteString("role", role);
        json.WriteEndObject();
    }

    private void WritePreference(Utf8JsonWriter json, Random rng, int a, int u, UserShape shape)
    {
        _preferences++;
        if (shape.Digest) _withDigest++;
        json.WriteStartObject();
        json.WriteString("smartAccount", Domain(a));
        json.WriteBoolean("dailyEventSummary", shape.Digest);
        json.WriteBoolean("statusNotification", rng.Next(2) == 0);
        json.WriteStartArray("events");
        foreach (var type in AllNotificationTypes)
        {
            var selected = type == "LicensesExpiring" ? shape.Expiring : rng.Next(100) < 80;
            if (selected) json.WriteStringValue(type);
        }
        json.WriteEndArray();
        if (shape.Range is int range) json.WriteNumber("expiringRangeDays", range);
        else json.WriteNull("expiringRangeDays");
        if (shape.Additional)
        {
            // N5 as an administrator types it: spaces, a duplicate in another case, a subdomain.
            var domain = Domain(a);
            var n = rng.Next(1, 4);
            var addresses = new List<string> { $"noc{u}@{domain}" };
            if (n >= 2) addresses.Add($" Licensing{u}@ops.{domain}");
            if (n >= 3) addresses.Add($"NOC{u}@{domain.ToUpperInvariant()} ");
            _additional += Math.Min(n, 2);
            json.WriteString("additionalEmails", string.Join(",", addresses));
        }
        else json.WriteNull("additionalEmails");
        json.WriteEndObject();
    }

    // ---- events ------------------------------------------------------------------------------------

    /// <summary>Events of the local days D-EventDays+1 .. D in the account's zone; only those of D-1 belong in a digest (D2).</summary>
    private void WriteEvents(Utf8JsonWriter json, int a)
    {
        var rng = Rng(3, a, 0);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone(a));
        var n = 0;
        for (var back = options.EventDays - 1; back >= 0; back--)
        {
            var day = options.DigestDate.AddDays(-back);
            var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
            var end = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
            var seconds = (int)(end - start).TotalSeconds;
            for (var i = 0; i < options.EventsPerDay; i++)
            {
                _events++;
                if (back == 1) _dayBefore++;
                var type = EventTypes[rng.Next(EventTypes.Length)];
                // The first and last second of the day, now and then, so the D2 bounds are exercised.
                var at = start.AddSeconds(i == 0 ? 0 : i == 1 ? seconds - 1 : rng.Next(seconds));
                json.WriteStartObject();
                json.WriteString("smartAccount", Domain(a));
                if (rng.Next(5) == 0) json.WriteNull("virtualAccount");
                else json.WriteString("virtualAccount", VaName(rng.Next(options.VasPerAccount)));
                json.WriteString("at", Instant(at));
                json.WriteString("type", type);
                json.WriteString("message", rng.Next(20) == 0
                    ? $"{type} on {AccountName(a)} #{n++}: \"R&D <Tools>\" changed"
                    : $"{type} on {AccountName(a)} #{n++}");
                if (options.Users > 0 && rng.Next(3) == 0) json.WriteString("user", $"u{rng.Next(options.Users):000000}@{Domain(a)}");
                else json.WriteNull("user");
                json.WriteEndObject();
            }
        }
    }

    // ---- values ------------------------------------------------------------------------------------

    /// <summary>A generator of its own for each section and position (a fixed mix, unlike HashCode, which varies per process).</summary>
    private Random Rng(int section, int i, int j)
    {
        unchecked
        {
            var h = (uint)options.Seed * 0x9E3779B1u;
            h = (h ^ (uint)section) * 0x85EBCA77u;
            h = (h ^ (uint)i) * 0xC2B2AE3Du;
            h = (h ^ (uint)j) * 0x27D4EB2Fu;
            return new Random((int)(h ^ (h >> 15)));
        }
    }

    private static DateTime Midnight(DateOnly d) => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
