using System.Text.Json.Nodes;
using Forewarn.Tests.Infrastructure;

namespace Forewarn.Tests.Import;

/// <summary>
/// §8: a malformed bundle is refused whole, every error names its JSON path and why, and nothing is stored.
/// Each case is one change to an otherwise valid bundle (<see cref="BundleBuilder.Valid"/>).
/// </summary>
public class ImportRefusalTests
{
    private sealed record Case(Func<string> Bundle, params (string Path, string Message)[] Errors);

    private static JsonNode Node(string json) => JsonNode.Parse(json)!;

    private const string Sa = "$.smartAccounts[0]";
    private const string Default = "$.smartAccounts[0].virtualAccounts[0]";
    private const string License = "$.smartAccounts[0].virtualAccounts[0].licenses[0]";
    private const string Line0 = "$.smartAccounts[0].virtualAccounts[0].licenses[0].licenseDetails[0]";
    private const string Instance = "$.smartAccounts[0].virtualAccounts[0].productInstances[0]";
    private const string Alice = "$.users[0]";
    private const string AlicePreference = "$.users[0].preferences[0]";
    private const string Carol = "$.users[1]";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["bad JSON: a value missing"] = new(() => "{\n  \"smartAccounts\": [\n    { \"name\": \"Acme\", \"domain\": }\n  ]\n}",
            ("$.smartAccounts[0].domain", "is not valid JSON: '}' is an invalid start of a value (line 3, position 33)")),
        ["bad JSON: trailing comma"] = new(() => "{ \"users\": [ { \"email\": \"a@b.com\" }, ] }",
            ("$.users[0]", "is not valid JSON: The JSON array contains a trailing comma at the end which is not supported in this mode (line 1, position 38)")),
        ["bad JSON: empty text"] = new(() => " \n ",
            ("$", "is empty: a bundle is a JSON object (PRODUCT.md §8)")),
        ["bad JSON: a comment"] = new(() => "{ \"users\": [] // none yet\n}",
            ("$.users", "is not valid JSON: '/' is invalid after a value. Expected either ',', '}', or ']' (line 1, position 15)")),
        ["not an object"] = new(() => "[1, 2]", ("$", "must be an object, not an array")),
        ["nothing to import"] = new(() => "{}", ("$", "holds none of smartAccounts, users and events: there is nothing to import")),

        ["missing required fields"] = new(() => BundleBuilder.Valid()
                .Remove($"{Sa}.name").Remove($"{License}.quantity").Remove($"{Line0}.startDate").Remove($"{Instance}.udiSerialNumber")
                .Remove($"{Alice}.email").Remove($"{Carol}.access[0].role").Remove("$.events[0].at").Json,
            ($"{Sa}.name", "is required"),
            ($"{License}.quantity", "is required"),
            ($"{Line0}.startDate", "is required"),
            ($"{Instance}.udiSerialNumber", "is required"),
            ($"{Alice}.email", "is required"),
            ($"{Carol}.access[0].role", "is required"),
            ("$.events[0].at", "is required")),
        ["null and empty required fields"] = new(() => BundleBuilder.Valid()
                .Set($"{Sa}.name", null).Set($"{Carol}.name", "  ").Set("$.events[0].message", "").Json,
            ($"{Sa}.name", "is required"),
            ($"{Carol}.name", "must not be empty"),
            ("$.events[0].message", "must not be empty")),
        ["wrong value types"] = new(() => BundleBuilder.Valid()
                .Set($"{AlicePreference}.dailyEventSummary", "yes")
                .Set($"{Sa}.virtualAccounts[1].licenses", Node("{}")).Set("$.users[1]", "carol").Json,
            ($"{Sa}.virtualAccounts[1].licenses", "must be an array, not an object"),
            ($"{AlicePreference}.dailyEventSummary", "must be true or false, not a string"),
            ("$.users[1]", "must be an object, not a string")),
        ["wrong number types"] = new(() => BundleBuilder.Valid()
                .Set($"{License}.quantity", "ten").Set($"{Line0}.quantity", 2.5).Json,
            ($"{License}.quantity", "must be a whole number, not a string"),
            ($"{Line0}.quantity", "must be a whole number")),
        ["unknown and repeated fields"] = new(() => BundleBuilder.Valid().Set($"{AlicePreference}.expiringRangeDay", 30).Set($"{Sa}.colour", "red").Json
                .Replace("\"name\": \"Carol VA\"", "\"name\": \"Carol VA\", \"name\": \"Carol\""),
            ($"{Sa}.colour", "is not a known field here (expected name, domain, timeZone, digestHour, virtualAccounts)"),
            ($"{AlicePreference}.expiringRangeDay", "is not a known field here (expected smartAccount, dailyEventSummary, statusNotification, events, expiringRangeDays, additionalEmails)"),
            ($"{Carol}.name", "appears more than once")),
        ["field in the wrong case"] = new(() => BundleBuilder.Valid().Remove($"{Sa}.timeZone").Set($"{Sa}.timezone", "UTC").Json,
            ($"{Sa}.timezone", "is not a known field here (did you mean timeZone?)")),

        ["duplicate Smart Account domain"] = new(() => BundleBuilder.Valid().AppendCopy("$.smartAccounts", Sa)
                .Set("$.smartAccounts[1].domain", "ACME-Networks.com").Json,
            ("$.smartAccounts[1].domain", "duplicates $.smartAccounts[0].domain")),
        ["duplicate Virtual Account name"] = new(() => BundleBuilder.Valid().AppendCopy($"{Sa}.virtualAccounts", Default).Json,
            ($"{Sa}.virtualAccounts[2].name", $"duplicates {Default}.name")),
        ["duplicate license name in a VA"] = new(() => BundleBuilder.Valid().AppendCopy($"{Default}.licenses", License).Json,
            ($"{Default}.licenses[1].license", $"duplicates {License}.license")),
        ["duplicate user email"] = new(() => BundleBuilder.Valid().Set("$.users[1].email", "Alice.Admin@acme-networks.com").Json,
            ("$.users[1].email", "duplicates $.users[0].email")),
        ["duplicate product instance serial"] = new(() => BundleBuilder.Valid().AppendCopy($"{Default}.productInstances", Instance).Json,
            ($"{Default}.productInstances[1].udiSerialNumber", $"duplicates {Instance}.udiSerialNumber")),
        ["duplicate access entry"] = new(() => BundleBuilder.Valid().AppendCopy($"{Alice}.access", $"{Alice}.access[0]").Json,
            ($"{Alice}.access[1]", $"the same access entry as {Alice}.access[0]")),
        ["duplicate preference entry"] = new(() => BundleBuilder.Valid().AppendCopy($"{Alice}.preferences", AlicePreference).Json,
            ($"{Alice}.preferences[1].smartAccount", $"duplicates {AlicePreference}.smartAccount")),

        // Single-line text fields refuse control characters: a CR/LF in a name would break mail headers, CSV rows and
        // one-line log and digest entries; a NUL is refused by PostgreSQL but kept by SQLite.
        ["control characters in names"] = new(() => BundleBuilder.Valid()
                .Set($"{Sa}.name", "Acme\r\nBcc: x@evil.io").Set($"{Sa}.virtualAccounts[1].name", "EMEA\t").Set($"{Carol}.access[0].virtualAccount", "EMEA\t")
                .Set($"{License}.license", "ISE\u0000Base").Set($"{Instance}.licenseUsage[0].license", "ISE\u0000Base")
                .Set($"{Carol}.name", "Carol\nVA").Json,
            // One error per bad value: the references spelt the same way still resolve, so nothing else is reported.
            ($"{Sa}.name", "must not contain control characters (found U+000D)"),
            ($"{License}.license", "must not contain control characters (found U+0000)"),
            ($"{Sa}.virtualAccounts[1].name", "must not contain control characters (found U+0009)"),
            ($"{Carol}.name", "must not contain control characters (found U+000A)")),
        ["control characters in product instance, line and event fields"] = new(() => BundleBuilder.Valid()
                .Set($"{Line0}.subscriptionId", "SUB-1\n").Set($"{Instance}.name", "edge\u001B[31m-00")
                .Set($"{Instance}.productType", "C8000V\r").Set($"{Instance}.udiPid", "\u007FC8000V").Set($"{Instance}.udiSerialNumber", "FOC\u00850001")
                .Set("$.events[0].message", "10 ISE Base added\nLicensesRemoved: everything").Json,
            ($"{Line0}.subscriptionId", "must not contain control characters (found U+000A)"),
            ($"{Instance}.name", "must not contain control characters (found U+001B)"),
            ($"{Instance}.productType", "must not contain control characters (found U+000D)"),
            ($"{Instance}.udiPid", "must not contain control characters (found U+007F)"),
            ($"{Instance}.udiSerialNumber", "must not contain control characters (found U+0085)"),
            ("$.events[0].message", "must not contain control characters (found U+000A)")),

        ["invalid IANA time zones"] = new(() => BundleBuilder.Valid().Set($"{Sa}.timeZone", "Mars/Olympus").Set($"{Carol}.timeZone", "Eastern Standard Time").Json,
            ($"{Sa}.timeZone", "'Mars/Olympus' is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)"),
            ($"{Carol}.timeZone", "'Eastern Standard Time' is not an IANA time zone (e.g. America/New_York, Europe/Berlin, UTC)")),
        ["invalid domain"] = new(() => BundleBuilder.Valid().Append("$.smartAccounts", """{ "name": "Globex", "domain": "globex mfg" }""").Json,
            ("$.smartAccounts[1].domain", "'globex mfg' is not a domain name (e.g. acme-networks.com)")),
        ["invalid user email"] = new(() => BundleBuilder.Valid().Set($"{Carol}.email", "carol@").Json,
            ($"{Carol}.email", "'carol@' is not a valid email address")),
        ["invalid dates"] = new(() => BundleBuilder.Valid()
                .Set($"{Line0}.startDate", "2026-02-30").Set($"{Line0}.endDate", "12/31/2026").Json,
            ($"{Line0}.startDate", "'2026-02-30' is not a valid date (expected yyyy-MM-dd)"),
            ($"{Line0}.endDate", "'12/31/2026' is not a valid date (expected yyyy-MM-dd)")),
        ["instants without offset or invalid"] = new(() => BundleBuilder.Valid()
                .Set($"{Instance}.registeredAt", "2026-04-06T10:00:00").Set("$.events[0].at", "2026-13-02T04:59:00Z").Json,
            ($"{Instance}.registeredAt", "'2026-04-06T10:00:00' is not an ISO-8601 instant with an offset (e.g. 2026-12-02T04:59:00Z)"),
            ("$.events[0].at", "'2026-13-02T04:59:00Z' is not an ISO-8601 instant with an offset (e.g. 2026-12-02T04:59:00Z)")),
        ["end date before start date"] = new(() => BundleBuilder.Valid().Set($"{Line0}.endDate", "2025-12-31").Json,
            ($"{Line0}.endDate", "end date 2025-12-31 is before start date 2026-01-01")),
        ["non-perpetual line without end date"] = new(() => BundleBuilder.Valid().Set($"{Line0}.endDate", null)
                .Append($"{License}.licenseDetails", """{ "licenseType": "DEMO", "quantity": 1, "startDate": "2026-01-01" }""").Json,
            ($"{Line0}.endDate", "is required: only PERPETUAL lines have no end date, and this is a TERM line"),
            ($"{License}.licenseDetails[2].endDate", "is required: only PERPETUAL lines have no end date, and this is a DEMO line")),
        ["perpetual line with end date"] = new(() => BundleBuilder.Valid().Set($"{License}.licenseDetails[1].endDate", "2030-01-01").Json,
            ($"{License}.licenseDetails[1].endDate", "must be null or absent: a PERPETUAL line has no end date")),
        ["license without lines"] = new(() => BundleBuilder.Valid().Set($"{License}.licenseDetails", Node("[]")).Json,
            ($"{License}.licenseDetails", "must hold at least one license line")),
        ["negative quantities"] = new(() => BundleBuilder.Valid()
                .Set($"{License}.quantity", -1).Set($"{License}.inUse", -2).Set($"{Line0}.quantity", -10).Set($"{Instance}.licenseUsage[0].quantity", -1).Json,
            ($"{License}.quantity", "must be 0 or more (got -1)"),
            ($"{License}.inUse", "must be 0 or more (got -2)"),
            ($"{Line0}.quantity", "must be 0 or more (got -10)"),
            ($"{Instance}.licenseUsage[0].quantity", "must be 0 or more (got -1)")),
        ["digest hour out of range"] = new(() => BundleBuilder.Valid().Set($"{Sa}.digestHour", 24).Json,
            ($"{Sa}.digestHour", "must be from 0 to 23 (got 24)")),
        ["unknown license type"] = new(() => BundleBuilder.Valid().Set($"{Line0}.licenseType", "FOREVER").Json,
            ($"{Line0}.licenseType", "'FOREVER' is not a license type (PERPETUAL, TERM, SUBSCRIPTION, DEMO)")),
        ["unknown license in usage"] = new(() => BundleBuilder.Valid().Set($"{Instance}.licenseUsage[0].license", "ISE Plus").Json,
            ($"{Instance}.licenseUsage[0].license", "'ISE Plus' is not a license of Virtual Account DEFAULT in acme-networks.com, in the bundle or already stored")),

        ["unknown role"] = new(() => BundleBuilder.Valid().Set($"{Alice}.access[0].role", "Owner").Json,
            ($"{Alice}.access[0].role", "'Owner' is not a role (SmartAccountAdmin, SmartAccountUser, SmartAccountViewer, VirtualAccountAdmin, VirtualAccountUser, VirtualAccountViewer)")),
        ["VA role without a VA"] = new(() => BundleBuilder.Valid().Remove($"{Carol}.access[0].virtualAccount").Json,
            ($"{Carol}.access[0].virtualAccount", "is required: VirtualAccountUser is a Virtual-Account-level role and needs the Virtual Account it covers")),
        ["SA role with a VA"] = new(() => BundleBuilder.Valid().Set($"{Alice}.access[0].virtualAccount", "DEFAULT").Json,
            ($"{Alice}.access[0].virtualAccount", "must be absent: SmartAccountAdmin is a Smart-Account-level role covering every Virtual Account")),

        ["unknown Smart Account references"] = new(() => BundleBuilder.Valid()
                .Set($"{Carol}.access[0]", Node("""{ "smartAccount": "globex-mfg.com", "role": "SmartAccountUser" }"""))
                .Set($"{Carol}.preferences", Node("""[ { "smartAccount": "globex-mfg.com" } ]"""))
                .Set("$.events[0].smartAccount", "initech.io").Json,
            ($"{Carol}.access[0].smartAccount", "'globex-mfg.com' is not a Smart Account in the bundle or already stored"),
            ($"{Carol}.preferences[0].smartAccount", "'globex-mfg.com' is not a Smart Account in the bundle or already stored"),
            ("$.events[0].smartAccount", "'initech.io' is not a Smart Account in the bundle or already stored")),
        ["unknown Virtual Account references"] = new(() => BundleBuilder.Valid()
                .Set($"{Carol}.access[0].virtualAccount", "LATAM").Set("$.events[0].virtualAccount", "emea").Json,
            ($"{Carol}.access[0].virtualAccount", "'LATAM' is not a Virtual Account of acme-networks.com in the bundle or already stored"),
            ("$.events[0].virtualAccount", "'emea' is not a Virtual Account of acme-networks.com in the bundle or already stored")),
        ["unknown event types"] = new(() => BundleBuilder.Valid()
                .Set("$.events[0].type", "LicenseExpiring")
                .Set($"{AlicePreference}.events", Node("""[ "LicensesExpiring", "BackInCompliance", "Everything", 7 ]""")).Json,
            ($"{AlicePreference}.events[1]", "'BackInCompliance' is not a notification type (N2: InsufficientLicenses, LicensesExpiring, LicensesExpired, ProductInstanceFailedToConnect, ProductInstanceFailedToRenew, AuthorizationExpired, NewLicenses, LicensesRemoved, ProductInstanceRegistered, RegistrationRenewed, AuthorizationRenewed)"),
            ($"{AlicePreference}.events[2]", "'Everything' is not a notification type (N2: InsufficientLicenses, LicensesExpiring, LicensesExpired, ProductInstanceFailedToConnect, ProductInstanceFailedToRenew, AuthorizationExpired, NewLicenses, LicensesRemoved, ProductInstanceRegistered, RegistrationRenewed, AuthorizationRenewed)"),
            ($"{AlicePreference}.events[3]", "must be a string, not a number"),
            ("$.events[0].type", "'LicenseExpiring' is not an event type (NewLicenses, LicensesRemoved, LicensesExpiring, LicensesExpired, InsufficientLicenses, BackInCompliance, ProductInstanceRegistered, RegistrationRenewed, AuthorizationRenewed, ProductInstanceFailedToConnect, RegistrationRenewalFailed, AuthorizationRenewalFailed, GracePeriodStarted, ProductInstanceFailedToRenew, ProductInstanceRemoved, AuthorizationExpired, GracePeriodExpired, PreferencesChanged, AlertDismissed)")),
        ["expiring range not an option"] = new(() => BundleBuilder.Valid().Set($"{AlicePreference}.expiringRangeDays", 45).Json,
            ($"{AlicePreference}.expiringRangeDays", "45 is not one of 90, 60, 30, 17, 7, 4, 3 (N3)")),
        ["preferences without access"] = new(() => BundleBuilder.Valid()
                .Set($"{Carol}.preferences", Node("""[ { "smartAccount": "acme-networks.com" } ]""")).Remove($"{Carol}.access[0]").Json,
            ($"{Carol}.preferences[0].smartAccount", "the user has no access to acme-networks.com in this bundle, so can hold no preferences for it")),
        ["foreign and invalid additional addresses"] = new(() => BundleBuilder.Valid().Set($"{AlicePreference}.additionalEmails",
                "noc@acme-networks.com, x@acme-networks.com.evil.io, x@notacme-networks.com,a@@acme-networks.com , a@").Json,
            ($"{AlicePreference}.additionalEmails", "x@acme-networks.com.evil.io is outside the Smart Account domain acme-networks.com (N5)"),
            ($"{AlicePreference}.additionalEmails", "x@notacme-networks.com is outside the Smart Account domain acme-networks.com (N5)"),
            ($"{AlicePreference}.additionalEmails", "a@@acme-networks.com is not a valid email address (N5)"),
            ($"{AlicePreference}.additionalEmails", "a@ is not a valid email address (N5)")),
        ["foreign additional address in an array"] = new(() => BundleBuilder.Valid().Set($"{AlicePreference}.additionalEmails",
                Node("""[ "noc@acme-networks.com", "ops@evil.io", 3 ]""")).Json,
            ($"{AlicePreference}.additionalEmails[1]", "ops@evil.io is outside the Smart Account domain acme-networks.com (N5)"),
            ($"{AlicePreference}.additionalEmails[2]", "must be a string, not a number")),
        ["additional addresses from a non-admin"] = new(() => BundleBuilder.Valid()
                .Set($"{Alice}.access[0].role", "SmartAccountUser").Set($"{AlicePreference}.additionalEmails", "noc@acme-networks.com").Json,
            ($"{AlicePreference}.additionalEmails", "only a SmartAccountAdmin of acme-networks.com may set additional email addresses (N5); this user is not one")),
    };

    public static TheoryData<DatabaseKind, string> AllCases()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var name in Cases.Keys) data.Add(kind, name);
        return data;
    }

    [Theory, MemberData(nameof(AllCases))]
    public async Task Import_MalformedBundle_RefusedWithEveryPathAndNothingStored(DatabaseKind kind, string name)
    {
        var @case = Cases[name];
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await StoreDump.ImportAsync(db, @case.Bundle());

        Assert.False(result.Succeeded);
        Assert.Null(result.Imported);
        // Compared as text so a failure shows every line in full.
        Assert.Equal(string.Join("\n", @case.Errors.Select(e => $"{e.Path}: {e.Message}")), string.Join("\n", result.Errors));
        await StoreDump.AssertEmptyAsync(db);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_MalformedBundleOverStoredData_ChangesNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        Assert.True((await StoreDump.ImportAsync(db, BundleBuilder.SampleJson)).Succeeded);
        var before = await StoreDump.AllAsync(db);
        // Valid changes throughout (a renamed account, a new license, a new user) and one bad reference at the end.
        var bundle = BundleBuilder.Sample()
            .Set("$.smartAccounts[0].name", "Acme Networks Renamed")
            .Set("$.smartAccounts[0].virtualAccounts[0].licenses[0].quantity", 300)
            .AppendCopy("$.users", "$.users[1]").Set("$.users[9].email", "new.user@acme-networks.com")
            .Set("$.events[17].virtualAccount", "LATAM");

        var result = await StoreDump.ImportAsync(db, bundle.Json);

        Assert.Equal(["$.events[17].virtualAccount: 'LATAM' is not a Virtual Account of initech.io in the bundle or already stored"],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await StoreDump.AllAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_NonAdminAdditionalAddressesOverStoredData_ChangesNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        Assert.True((await StoreDump.ImportAsync(db, BundleBuilder.SampleJson)).Succeeded);
        var before = await StoreDump.AllAsync(db);
        // Bob (SmartAccountUser) setting additional addresses (N5), in a bundle that also demotes Alice.
        var bundle = BundleBuilder.Sample()
            .Set("$.users[0].access[0].role", "SmartAccountViewer")
            .Set("$.users[1].preferences[0].additionalEmails", "noc@acme-networks.com");

        var result = await StoreDump.ImportAsync(db, bundle.Json);

        Assert.Equal(
        [
            "$.users[0].preferences[0].additionalEmails: only a SmartAccountAdmin of acme-networks.com may set additional email addresses (N5); this user is not one",
            "$.users[1].preferences[0].additionalEmails: only a SmartAccountAdmin of acme-networks.com may set additional email addresses (N5); this user is not one",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await StoreDump.AllAsync(db));
    }
}
