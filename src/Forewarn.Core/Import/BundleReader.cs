using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Core.Time;
using MimeKit;
using Error = Forewarn.Core.Import.ImportInventory.Error;

namespace Forewarn.Core.Import;

/// <summary>
/// Reads an inventory bundle (§8) and checks its shape and every field, collecting every error with its
/// JSON path (e.g. <c>$.smartAccounts[0].virtualAccounts[1].licenses[2].licenseDetails[0].endDate</c>).
/// Pure: references that may point at stored data are checked afterwards by <see cref="BundleReferences"/>.
/// </summary>
internal sealed partial class BundleReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>Column limits of the schema; checked here so PostgreSQL never refuses a value SQLite would keep.</summary>
    internal const int MaxDomainLength = 253, MaxTimeZoneLength = 64, MaxMessageLength = 4000, MaxAdditionalEmailsLength = 4000;

    private static readonly string LicenseTypeNames = string.Join(", ", Enum.GetValues<LicenseType>().Select(t => t.ToString().ToUpperInvariant()));
    private static readonly string RoleNames = string.Join(", ", Enum.GetNames<Role>());
    private static readonly string RangeNames = string.Join(", ", ExpiringRange.Options);
    private static readonly string NotificationTypeNames = string.Join(", ", NotificationTypeCatalog.Each);

    private readonly List<Error> _errors = [];

    /// <summary>The bundle, or null when the text is not JSON or not an object; plus every error found.</summary>
    public static (InventoryBundle? Bundle, IReadOnlyList<Error> Errors) Read(string json)
    {
        var text = json.StartsWith('\uFEFF') ? json[1..] : json;
        if (string.IsNullOrWhiteSpace(text)) return (null, [new Error("$", "is empty: a bundle is a JSON object (PRODUCT.md §8)")]);
        if (SyntaxError(text) is { } syntax) return (null, [syntax]);
        using var document = JsonDocument.Parse(text, DocumentOptions);
        var reader = new BundleReader();
        var bundle = reader.ReadRoot(document.RootElement);
        return (bundle, reader._errors);
    }

    // ---- the bundle, item by item ------------------------------------------------------------------

    private InventoryBundle? ReadRoot(JsonElement root)
    {
        var f = ObjectFields(root, "$", Known.Root);
        if (f is null) return null;
        if (!f.Has("smartAccounts") && !f.Has("users") && !f.Has("events"))
            Fail("$", "holds none of smartAccounts, users and events: there is nothing to import");

        var smartAccounts = f.Items("smartAccounts").Select(i => ReadSmartAccount(i.Element, i.Path)).OfType<BundleSmartAccount>().ToList();
        FindDuplicates(smartAccounts, sa => sa.Domain, sa => sa.Path + ".domain", StringComparer.Ordinal);

        var users = f.Items("users").Select(i => ReadUser(i.Element, i.Path)).OfType<BundleUser>().ToList();
        FindDuplicates(users, u => u.Email, u => u.Path + ".email", StringComparer.Ordinal);

        var events = f.Items("events").Select(i => ReadEvent(i.Element, i.Path)).OfType<BundleEvent>().ToList();
        return new InventoryBundle(smartAccounts, users, events);
    }

    private BundleSmartAccount? ReadSmartAccount(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.SmartAccount);
        if (f is null) return null;
        var name = f.Line("name", required: true);
        var domain = f.Text("domain", required: true) is { } d ? Domain(d, f.PathOf("domain")) : null;
        var zone = f.Has("timeZone") ? f.Zone("timeZone") : "UTC";
        var hour = f.Has("digestHour") ? f.Number("digestHour", min: 0, max: 23) : 6;
        var vas = f.Items("virtualAccounts").Select(i => ReadVirtualAccount(i.Element, i.Path)).OfType<BundleVirtualAccount>().ToList();
        FindDuplicates(vas, va => va.Name, va => va.Path + ".name", StringComparer.Ordinal);
        return new BundleSmartAccount(path, name, domain, zone, hour, vas);
    }

    private BundleVirtualAccount? ReadVirtualAccount(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.VirtualAccount);
        if (f is null) return null;
        var name = f.Line("name", required: true);
        var licenses = f.Items("licenses").Select(i => ReadLicense(i.Element, i.Path)).OfType<BundleLicense>().ToList();
        FindDuplicates(licenses, l => l.Name, l => l.Path + ".license", StringComparer.Ordinal);
        var instances = f.Items("productInstances").Select(i => ReadProductInstance(i.Element, i.Path)).OfType<BundleProductInstance>().ToList();
        FindDuplicates(instances, p => p.UdiSerialNumber, p => p.Path + ".udiSerialNumber", StringComparer.Ordinal);
        return new BundleVirtualAccount(path, name, licenses, instances);
    }

    private BundleLicense? ReadLicense(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.License);
        if (f is null) return null;
        var name = f.Line("license", required: true);
        var quantity = f.Number("quantity", required: true, min: 0);
        var inUse = f.Has("inUse") ? f.Number("inUse", min: 0) : 0;
        // Available may be negative: it is quantity minus in-use, and an account can be short (A4).
        var available = f.Has("available") ? f.Number("available") : quantity - inUse;
        var status = f.Text("status") ?? "";
        var billing = f.Text("billingType") ?? "";
        var detailsPath = f.PathOf("licenseDetails");
        var items = f.Items("licenseDetails", required: true);
        if (f.Has("licenseDetails") && items.Count == 0) Fail(detailsPath, "must hold at least one license line");
        var lines = items.Select(i => ReadLicenseLine(i.Element, i.Path)).OfType<BundleLicenseLine>().ToList();
        return new BundleLicense(path, name, quantity, inUse, available, status, billing, lines);
    }

    private BundleLicenseLine? ReadLicenseLine(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.LicenseLine);
        if (f is null) return null;
        LicenseType? type = null;
        if (f.Text("licenseType", required: true) is { } t)
        {
            if (Enum.TryParse<LicenseType>(t, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && t.All(char.IsAsciiLetter))
                type = parsed;
            else Fail(f.PathOf("licenseType"), $"'{t}' is not a license type ({LicenseTypeNames})");
        }
        var quantity = f.Number("quantity", required: true, min: 0);
        var start = f.Date("startDate", required: true);
        DateOnly? end = null;
        if (type == LicenseType.Perpetual)
        {
            if (f.Has("endDate")) Fail(f.PathOf("endDate"), "must be null or absent: a PERPETUAL line has no end date");
        }
        else if (type is not null && !f.Has("endDate"))
            Fail(f.PathOf("endDate"), $"is required: only PERPETUAL lines have no end date, and this is a {type.Value.ToString().ToUpperInvariant()} line");
        else
        {
            end = f.Date("endDate");
            if (start is { } s && end is { } e2 && e2 < s)
                Fail(f.PathOf("endDate"), $"end date {Iso(e2)} is before start date {Iso(s)}");
        }
        var subscription = f.Line("subscriptionId");
        var status = f.Text("status") ?? "";
        return new BundleLicenseLine(path, type, quantity, start, end, subscription, status);
    }

    private BundleProductInstance? ReadProductInstance(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.ProductInstance);
        if (f is null) return null;
        var name = f.Line("name", required: true);
        var productType = f.Line("productType") ?? "";
        var pid = f.Line("udiPid") ?? "";
        var serial = f.Line("udiSerialNumber", required: true);
        var registered = f.Instant("registeredAt", required: true);
        var lastAuthorization = f.Instant("lastAuthorizationAt");
        var usage = f.Items("licenseUsage").Select(i => ReadLicenseUsage(i.Element, i.Path)).OfType<BundleLicenseUsage>().ToList();
        FindDuplicates(usage, u => u.License, u => u.Path + ".license", StringComparer.Ordinal);
        return new BundleProductInstance(path, name, productType, pid, serial, registered, lastAuthorization, usage);
    }

    private BundleLicenseUsage? ReadLicenseUsage(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.LicenseUsage);
        if (f is null) return null;
        return new BundleLicenseUsage(path, f.Text("license", required: true), f.Number("quantity", required: true, min: 0));
    }

    private BundleUser? ReadUser(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.User);
        if (f is null) return null;
        var email = f.Text("email", required: true) is { } m ? Email(m, f.PathOf("email")) : null;
        var name = f.Line("name", required: true);
        var zone = f.Has("timeZone") ? f.Zone("timeZone") : null;

        var access = f.Items("access").Select(i => ReadAccess(i.Element, i.Path)).OfType<BundleAccess>().ToList();
        FindDuplicates(access, a => a.SmartAccount is null || a.Role is null ? null : $"{a.SmartAccount}\n{a.VirtualAccount}\n{a.Role}",
            a => a.Path, StringComparer.Ordinal, "the same access entry as");

        var preferences = f.Items("preferences").Select(i => ReadPreference(i.Element, i.Path, access)).OfType<BundlePreference>().ToList();
        FindDuplicates(preferences, p => p.SmartAccount, p => p.Path + ".smartAccount", StringComparer.Ordinal);
        return new BundleUser(path, email, name, zone, access, preferences);
    }

    private BundleAccess? ReadAccess(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.Access);
        if (f is null) return null;
        var sa = f.Text("smartAccount", required: true) is { } d ? DomainReference(d) : null;
        var va = f.Text("virtualAccount", required: false);
        Role? role = null;
        if (f.Text("role", required: true) is { } r)
        {
            if (Enum.TryParse<Role>(r, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && r.All(char.IsAsciiLetter))
            {
                role = parsed;
                // §1: SA roles cover the whole Smart Account; VA roles cover exactly one Virtual Account.
                if (parsed.IsSmartAccountLevel() && va is not null)
                    Fail(f.PathOf("virtualAccount"), $"must be absent: {parsed} is a Smart-Account-level role covering every Virtual Account");
                if (!parsed.IsSmartAccountLevel() && !f.Has("virtualAccount"))
                    Fail(f.PathOf("virtualAccount"), $"is required: {parsed} is a Virtual-Account-level role and needs the Virtual Account it covers");
            }
            else Fail(f.PathOf("role"), $"'{r}' is not a role ({RoleNames})");
        }
        return new BundleAccess(path, sa, va, role);
    }

    private BundlePreference? ReadPreference(JsonElement e, string path, IReadOnlyList<BundleAccess> access)
    {
        var f = ObjectFields(e, path, Known.Preference);
        if (f is null) return null;
        var sa = f.Text("smartAccount", required: true) is { } d ? DomainReference(d) : null;
        // N1/N2: a missing box is off, as for a new user.
        var daily = f.Flag("dailyEventSummary") ?? false;
        var status = f.Flag("statusNotification") ?? false;

        var events = NotificationTypes.All; // N2: a new user has every type selected
        if (f.Has("events"))
        {
            events = NotificationTypes.None;
            foreach (var (item, itemPath) in f.Items("events"))
            {
                if (item.ValueKind != JsonValueKind.String) { Fail(itemPath, $"must be a string, not {Describe(item.ValueKind)}"); continue; }
                var name = item.GetString()!;
                if (NotificationTypeCatalog.TryParse(name, out var type)) events |= type;
                else Fail(itemPath, $"'{name}' is not a notification type (N2: {NotificationTypeNames})");
            }
        }

        int? chosen = null;
        if (f.Number("expiringRangeDays") is { } days)
        {
            if (ExpiringRange.IsOption(days)) chosen = days;
            else Fail(f.PathOf("expiringRangeDays"), $"{days} is not one of {RangeNames} (N3)");
        }

        var additional = ReadAdditionalEmails(f, sa, out var setsAdditional);

        if (sa is not null)
        {
            var accessHere = access.Where(a => a.SmartAccount == sa).ToList();
            // Preferences are per Smart Account the user can see (§2); access in the bundle becomes the stored access.
            if (accessHere.Count == 0)
                Fail(f.PathOf("smartAccount"), $"the user has no access to {sa} in this bundle, so can hold no preferences for it");
            else if (setsAdditional && accessHere.All(a => a.Role is not null) && !accessHere.Any(a => a.Role == Role.SmartAccountAdmin))
                Fail(f.PathOf("additionalEmails"), $"only a SmartAccountAdmin of {sa} may set additional email addresses (N5); this user is not one");
        }

        return new BundlePreference(path, sa, daily, status, events, ExpiringRange.Normalise(daily, events, chosen), additional);
    }

    /// <summary>N5: a comma-separated string or an array of strings; every address checked against the SA's domain.</summary>
    private string ReadAdditionalEmails(Fields f, string? domain, out bool setsAny)
    {
        setsAny = false;
        var path = f.PathOf("additionalEmails");
        if (f.Value("additionalEmails") is not { } value) return "";
        var entries = new List<(string Entry, string Path)>();
        if (value.ValueKind == JsonValueKind.String)
            entries.AddRange((value.GetString() ?? "").Split(',').Select(s => (s, path)));
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var (item, itemPath) in f.Items("additionalEmails"))
            {
                if (item.ValueKind == JsonValueKind.String) entries.Add((item.GetString()!, itemPath));
                else Fail(itemPath, $"must be a string, not {Describe(item.ValueKind)}");
            }
        }
        else
        {
            Fail(path, $"must be a comma-separated string or an array of strings, not {Describe(value.ValueKind)}");
            return "";
        }

        setsAny = entries.Any(x => !string.IsNullOrWhiteSpace(x.Entry));
        if (domain is null) return "";
        var addresses = new List<string>();
        foreach (var (entry, entryPath) in entries)
        {
            var parsed = AdditionalEmailAddresses.Parse([entry], domain);
            foreach (var error in parsed.Errors) Fail(entryPath, $"{error.Address} {error.Reason} (N5)");
            addresses.AddRange(parsed.Addresses);
        }
        // Parse again as one list so duplicates across entries fold exactly as N5 says.
        var joined = AdditionalEmailAddresses.Parse(addresses, domain).Joined;
        if (joined.Length > MaxAdditionalEmailsLength)
            Fail(path, $"is {joined.Length} characters long; at most {MaxAdditionalEmailsLength} fit");
        return joined;
    }

    private BundleEvent? ReadEvent(JsonElement e, string path)
    {
        var f = ObjectFields(e, path, Known.Event);
        if (f is null) return null;
        var sa = f.Text("smartAccount", required: true) is { } d ? DomainReference(d) : null;
        var va = f.Text("virtualAccount");
        var at = f.Instant("at", required: true);
        EventType? type = null;
        if (f.Text("type", required: true) is { } t)
        {
            if (Enum.TryParse<EventType>(t, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && t.All(char.IsAsciiLetter)) type = parsed;
            else Fail(f.PathOf("type"), $"'{t}' is not an event type ({string.Join(", ", Enum.GetNames<EventType>())})");
        }
        var message = f.Line("message", required: true, maxLength: MaxMessageLength);
        var actor = f.Text("user") is { } u ? Email(u, f.PathOf("user")) : null;
        return new BundleEvent(path, sa, va, at, type, message, actor);
    }

    // ---- values ------------------------------------------------------------------------------------

    private string? Domain(string value, string path)
    {
        if (HostName(value) is not { } host) { Fail(path, $"'{value}' is not a domain name (e.g. acme-networks.com)"); return null; }
        if (host.Length > MaxDomainLength) { Fail(path, $"is longer than {MaxDomainLength} characters"); return null; }
        return host;
    }

    /// <summary>A reference to a Smart Account by domain: compared as stored (lower-case, ASCII).</summary>
    private static string DomainReference(string value) => HostName(value) ?? value.Trim().ToLowerInvariant();

    private string? Email(string value, string path)
    {
        var at = value.IndexOf('@');
        var valid = at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1
                    && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '(' or ')' or ';' or ',' or '[' or ']' or '\\')
                    && HostName(value[(at + 1)..]) is not null && MailboxAddress.TryParse(value, out _);
        if (!valid) { Fail(path, $"'{value}' is not a valid email address"); return null; }
        // Logins are compared case-insensitively: stored lower-case (§1).
        return (value[..at] + "@" + HostName(value[(at + 1)..])).ToLowerInvariant();
    }

    /// <summary>The lower-case ASCII form of a host name with at least two labels, or null.</summary>
    private static string? HostName(string value)
    {
        string host;
        try { host = new IdnMapping().GetAscii(value.Trim()).ToLowerInvariant(); }
        catch (ArgumentException) { return null; }
        if (host.Length > 253 || value.Trim() != value) return null;
        var labels = host.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' &&
                                                     l.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            ? host : null;
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private void Fail(string path, string message) => _errors.Add(new Error(path, message));

    // Messages read the same whatever culture the importer runs in (a Thai calendar would print year 2569).
    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    private void FindDuplicates<T>(IEnumerable<T> items, Func<T, string?> key, Func<T, string> path, IEqualityComparer<string> comparer,
        string what = "duplicates")
    {
        var first = new Dictionary<string, string>(comparer);
        foreach (var item in items)
        {
            if (key(item) is not { } k) continue;
            if (first.TryGetValue(k, out var firstPath)) Fail(path(item), $"{what} {firstPath}");
            else first[k] = path(item);
        }
    }

    private Fields? ObjectFields(JsonElement element, string path, string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail(path, $"must be an object, not {Describe(element.ValueKind)}");
            return null;
        }
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = Property(path, property.Name);
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                // Refused, not ignored: a misspelt field would otherwise silently fall back to its default.
                var suggestion = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                Fail(propertyPath, suggestion is null
                    ? $"is not a known field here (expected {string.Join(", ", known)})"
                    : $"is not a known field here (did you mean {suggestion}?)");
            }
            else if (!values.TryAdd(property.Name, property.Value)) Fail(propertyPath, "appears more than once");
        }
        return new Fields(this, path, values);
    }

    internal static string Property(string parent, string name) =>
        IdentifierPattern().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    // ISO-8601 with an explicit offset: an instant without one would be read in whatever zone the importer runs in.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    /// <summary>The fields of one JSON object, read with typed accessors that report what is wrong where.</summary>
    private sealed class Fields(BundleReader reader, string path, Dictionary<string, JsonElement> values)
    {
        public string PathOf(string name) => Property(path, name);

        public bool Has(string name) => Value(name) is not null;

        public JsonElement? Value(string name) =>
            values.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        private JsonElement? Present(string name, bool required)
        {
            var value = Value(name);
            if (value is null && required) reader.Fail(PathOf(name), "is required");
            return value;
        }

        public string? Text(string name, bool required = false, int maxLength = int.MaxValue)
        {
            if (Present(name, required) is not { } v) return null;
            if (v.ValueKind != JsonValueKind.String) { reader.Fail(PathOf(name), $"must be a string, not {Describe(v.ValueKind)}"); return null; }
            var s = v.GetString()!;
            if (required && string.IsNullOrWhiteSpace(s)) { reader.Fail(PathOf(name), "must not be empty"); return null; }
            if (s.Length > maxLength) { reader.Fail(PathOf(name), $"is {s.Length} characters long; at most {maxLength} fit"); return null; }
            return s;
        }

        /// <summary>
        /// Text shown on one line (names, identifiers, event messages): a control character (CR, LF, TAB, NUL...) would
        /// break mail headers, CSV rows and digest lines, and PostgreSQL refuses NUL where SQLite keeps it. The value is
        /// still returned after the error so references spelt the same way resolve and report nothing more; the
        /// error alone refuses the whole bundle.
        /// </summary>
        public string? Line(string name, bool required = false, int maxLength = int.MaxValue)
        {
            if (Text(name, required, maxLength) is not { } s) return null;
            foreach (var c in s)
            {
                if (!char.IsControl(c)) continue;
                reader.Fail(PathOf(name), $"must not contain control characters (found U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)})");
                break;
            }
            return s;
        }

        public int? Number(string name, bool required = false, int min = int.MinValue, int max = int.MaxValue)
        {
            if (Present(name, required) is not { } v) return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n))
            {
                reader.Fail(PathOf(name), v.ValueKind == JsonValueKind.Number ? "must be a whole number" : $"must be a whole number, not {Describe(v.ValueKind)}");
                return null;
            }
            if (n < min) { reader.Fail(PathOf(name), max == int.MaxValue ? $"must be {min} or more (got {Invariant(n)})" : $"must be from {min} to {max} (got {Invariant(n)})"); return null; }
            if (n > max) { reader.Fail(PathOf(name), $"must be from {min} to {max} (got {Invariant(n)})"); return null; }
            return n;
        }

        public bool? Flag(string name)
        {
            if (Present(name, required: false) is not { } v) return null;
            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
            reader.Fail(PathOf(name), $"must be true or false, not {Describe(v.ValueKind)}");
            return null;
        }

        public IReadOnlyList<(JsonElement Element, string Path)> Items(string name, bool required = false)
        {
            if (Present(name, required) is not { } v) return [];
            if (v.ValueKind != JsonValueKind.Array) { reader.Fail(PathOf(name), $"must be an array, not {Describe(v.ValueKind)}"); return []; }
            return v.EnumerateArray().Select((item, i) => (item, $"{PathOf(name)}[{i}]")).ToList();
        }

        /// <summary>A calendar date, <c>yyyy-MM-dd</c> (license start and expiry, in the SA's zone).</summary>
        public DateOnly? Date(string name, bool required = false)
        {
            if (Text(name, required) is not { } s) return null;
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            reader.Fail(PathOf(name), $"'{s}' is not a valid date (expected yyyy-MM-dd)");
            return null;
        }

        /// <summary>An instant, ISO-8601 with an offset; kept as UTC, truncated to microseconds (PostgreSQL's precision).</summary>
        public DateTime? Instant(string name, bool required = false)
        {
            if (Text(name, required) is not { } s) return null;
            if (InstantPattern().IsMatch(s) &&
                DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                var utc = instant.UtcDateTime;
                // Truncated so that what PostgreSQL stores equals what a re-import reads (idempotence, §8).
                return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
            }
            reader.Fail(PathOf(name), $"'{s}' is not an ISO-8601 instant with an offset (e.g. 2026-12-02T04:59:00Z)");
            return null;
        }

        /// <summary>An IANA time zone id, stored in its canonical spelling.</summary>
        public string? Zone(string name)
        {
            if (Text(name, required: true, maxLength: MaxTimeZoneLength) is not { } s) return null;
            if (AccountClock.TryFindZone(s, out var zone) && zone.HasIanaId) return zone.Id;
            reader.Fail(PathOf(name), $"'{s}' is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)");
            return null;
        }
    }

    /// <summary>The fields of each object of §8, in the order the format lists them.</summary>
    private static class Known
    {
        public static readonly string[] Root = ["smartAccounts", "users", "events"];
        public static readonly string[] SmartAccount = ["name", "domain", "timeZone", "digestHour", "virtualAccounts"];
        public static readonly string[] VirtualAccount = ["name", "licenses", "productInstances"];
        public static readonly string[] License = ["license", "quantity", "inUse", "available", "status", "billingType", "licenseDetails"];
        public static readonly string[] LicenseLine = ["licenseType", "quantity", "startDate", "endDate", "subscriptionId", "status"];
        public static readonly string[] ProductInstance = ["name", "productType", "udiPid", "udiSerialNumber", "registeredAt", "lastAuthorizationAt", "licenseUsage"];
        public static readonly string[] LicenseUsage = ["license", "quantity"];
        public static readonly string[] User = ["email", "name", "timeZone", "access", "preferences"];
        public static readonly string[] Access = ["smartAccount", "virtualAccount", "role"];
        public static readonly string[] Preference = ["smartAccount", "dailyEventSummary", "statusNotification", "events", "expiringRangeDays", "additionalEmails"];
        public static readonly string[] Event = ["smartAccount", "virtualAccount", "at", "type", "message", "user"];

        /// <summary>One rank per field name, consistent with the order inside every object (a topological order).</summary>
        public static readonly IReadOnlyDictionary<string, int> Rank = RankFields(
            [Root, SmartAccount, VirtualAccount, License, LicenseLine, ProductInstance, LicenseUsage, User, Access, Preference, Event]);

        private static Dictionary<string, int> RankFields(string[][] lists)
        {
            var after = lists.SelectMany(l => l).Distinct().ToDictionary(n => n, _ => new HashSet<string>());
            foreach (var list in lists)
                for (var i = 1; i < list.Length; i++) after[list[i - 1]].Add(list[i]);
            var incoming = after.Keys.ToDictionary(n => n, n => after.Values.Count(s => s.Contains(n)));
            var rank = new Dictionary<string, int>();
            var ready = new Queue<string>(incoming.Where(kv => kv.Value == 0).Select(kv => kv.Key));
            while (ready.TryDequeue(out var name))
            {
                rank[name] = rank.Count;
                foreach (var next in after[name])
                    if (--incoming[next] == 0) ready.Enqueue(next);
            }
            return rank;
        }
    }

    /// <summary>
    /// Errors in the order their places appear in a bundle (array items by index, fields in the format's order),
    /// so that a long list reads top to bottom; errors at the same place keep the order they were found in.
    /// </summary>
    internal static IReadOnlyList<Error> InDocumentOrder(IEnumerable<Error> errors) =>
        errors.OrderBy(e => e.Path, Comparer<string>.Create(ComparePaths)).ToList();

    private static int ComparePaths(string a, string b)
    {
        var (x, y) = (PathSegment().Matches(a), PathSegment().Matches(b));
        for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            int order;
            if (x[i].Groups["index"].Success && y[i].Groups["index"].Success)
                order = int.Parse(x[i].Groups["index"].Value, CultureInfo.InvariantCulture)
                    .CompareTo(int.Parse(y[i].Groups["index"].Value, CultureInfo.InvariantCulture));
            else
            {
                var (p, q) = (x[i].Groups["name"].Value + x[i].Groups["quoted"].Value, y[i].Groups["name"].Value + y[i].Groups["quoted"].Value);
                order = p == q ? 0 : Known.Rank.GetValueOrDefault(p, int.MaxValue).CompareTo(Known.Rank.GetValueOrDefault(q, int.MaxValue));
                if (order == 0 && p != q) order = string.CompareOrdinal(p, q);
            }
            if (order != 0) return order;
        }
        return x.Count.CompareTo(y.Count);
    }

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]|\['(?<quoted>(?:[^'\\]|\\.)*)'\]")]
    private static partial Regex PathSegment();

    // ---- syntax ------------------------------------------------------------------------------------

    /// <summary>
    /// The first syntax error with the JSON path reached so far, its line and position. JsonDocument reports
    /// only line and byte offset, so the text is walked once with a path-tracking reader.
    /// </summary>
    internal static Error? SyntaxError(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1].Property = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        CountElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        CountElement(frames);
                        break;
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) reason = reason[..cut];
            // The parser's advice is meant for programmers configuring it, not for someone editing a bundle.
            var advice = reason.IndexOf(" Change the reader options", StringComparison.Ordinal);
            if (advice >= 0) reason = reason[..advice];
            reason = reason.TrimEnd('.', ' ');
            var path = "$";
            foreach (var f in frames)
                path = f.IsArray ? (f.Index >= 0 ? $"{path}[{f.Index}]" : path) : (f.Property is { } p ? Property(path, p) : path);
            return new Error(path, $"is not valid JSON: {reason} (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1})");
        }
    }

    private static void CountElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1].Index++;
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Property { get; set; }
    }
}
