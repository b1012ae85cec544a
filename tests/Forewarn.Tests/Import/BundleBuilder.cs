using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Forewarn.Tests.Import;

/// <summary>
/// A small, valid inventory bundle (§8) that a test changes at a JSON path before importing, so the
/// arrangement reads like the error it expects: <c>Set("$.smartAccounts[0].timeZone", "Mars/Olympus")</c>.
/// </summary>
public sealed partial class BundleBuilder
{
    public static string SamplePath => Path.Combine(RepositoryRoot, "samples", "sample-inventory.json");

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Forewarn.slnx"))) return dir.FullName;
            throw new InvalidOperationException("Forewarn.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    public static string SampleJson => File.ReadAllText(SamplePath);

    private readonly JsonObject _root;

    private BundleBuilder(JsonObject root) => _root = root;

    /// <summary>
    /// Acme Networks (America/New_York) with VAs DEFAULT (one license of a TERM and a PERPETUAL line, one
    /// product instance) and EMEA (empty); Alice (SA admin, with preferences), Carol (VA user of EMEA,
    /// no preferences); one event.
    /// </summary>
    public static BundleBuilder Valid() => new(JsonNode.Parse("""
        {
          "smartAccounts": [
            {
              "name": "Acme Networks", "domain": "acme-networks.com", "timeZone": "America/New_York",
              "virtualAccounts": [
                {
                  "name": "DEFAULT",
                  "licenses": [
                    {
                      "license": "ISE Base", "quantity": 15, "inUse": 2, "available": 13, "status": "In Compliance", "billingType": "PREPAID",
                      "licenseDetails": [
                        { "licenseType": "TERM", "quantity": 10, "startDate": "2026-01-01", "endDate": "2026-12-31", "subscriptionId": null, "status": "Active" },
                        { "licenseType": "PERPETUAL", "quantity": 5, "startDate": "2026-01-01", "endDate": null, "subscriptionId": null, "status": "Active" }
                      ]
                    }
                  ],
                  "productInstances": [
                    {
                      "name": "edge-00", "productType": "C8000V", "udiPid": "C8000V", "udiSerialNumber": "FOC0001",
                      "registeredAt": "2026-04-06T10:00:00Z", "lastAuthorizationAt": "2026-11-02T03:15:00Z",
                      "licenseUsage": [ { "license": "ISE Base", "quantity": 1 } ]
                    }
                  ]
                },
                { "name": "EMEA", "licenses": [], "productInstances": [] }
              ]
            }
          ],
          "users": [
            {
              "email": "alice.admin@acme-networks.com", "name": "Alice Admin", "timeZone": null,
              "access": [ { "smartAccount": "acme-networks.com", "role": "SmartAccountAdmin" } ],
              "preferences": [
                {
                  "smartAccount": "acme-networks.com", "dailyEventSummary": true, "statusNotification": false,
                  "events": [ "LicensesExpiring", "NewLicenses" ], "expiringRangeDays": 30, "additionalEmails": null
                }
              ]
            },
            {
              "email": "carol.va@acme-networks.com", "name": "Carol VA", "timeZone": "Europe/London",
              "access": [ { "smartAccount": "acme-networks.com", "virtualAccount": "EMEA", "role": "VirtualAccountUser" } ],
              "preferences": []
            }
          ],
          "events": [
            {
              "smartAccount": "acme-networks.com", "virtualAccount": "DEFAULT", "at": "2026-12-02T04:59:00Z",
              "type": "NewLicenses", "message": "10 ISE Base added", "user": null
            }
          ]
        }
        """)!.AsObject());

    public static BundleBuilder Sample() => new(JsonNode.Parse(SampleJson)!.AsObject());

    /// <summary>Sets (or adds) the value at a path like <c>$.users[0].access[0].role</c>; null writes JSON null.</summary>
    public BundleBuilder Set(string path, JsonNode? value)
    {
        var (parent, last) = Parent(path);
        if (last is int i) parent.AsArray()[i] = value;
        else parent.AsObject()[(string)last] = value;
        return this;
    }

    /// <summary>Removes the field or array item at the path.</summary>
    public BundleBuilder Remove(string path)
    {
        var (parent, last) = Parent(path);
        if (last is int i) parent.AsArray().RemoveAt(i);
        else parent.AsObject().Remove((string)last);
        return this;
    }

    /// <summary>Appends a copy of <paramref name="item"/> (JSON text) to the array at the path.</summary>
    public BundleBuilder Append(string arrayPath, string item)
    {
        Get(arrayPath).AsArray().Add(JsonNode.Parse(item));
        return this;
    }

    /// <summary>Appends a deep copy of the node at <paramref name="sourcePath"/> to the array at <paramref name="arrayPath"/>.</summary>
    public BundleBuilder AppendCopy(string arrayPath, string sourcePath)
    {
        Get(arrayPath).AsArray().Add(Get(sourcePath).DeepClone());
        return this;
    }

    public JsonNode Get(string path)
    {
        JsonNode node = _root;
        foreach (var step in Steps(path))
            node = (step is int i ? node.AsArray()[i] : node.AsObject()[(string)step])
                   ?? throw new ArgumentException($"{path}: nothing at {step}");
        return node;
    }

    public string Json => _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public override string ToString() => Json;

    private (JsonNode Parent, object Last) Parent(string path)
    {
        var steps = Steps(path);
        JsonNode node = _root;
        foreach (var step in steps.SkipLast(1))
            node = (step is int i ? node.AsArray()[i] : node.AsObject()[(string)step])
                   ?? throw new ArgumentException($"{path}: nothing at {step}");
        return (node, steps[^1]);
    }

    private static List<object> Steps(string path)
    {
        if (!path.StartsWith('$')) throw new ArgumentException($"{path} is not a JSON path starting with $");
        return Step().Matches(path[1..]).Select(m => m.Groups["index"].Success ? (object)int.Parse(m.Groups["index"].Value) : m.Groups["name"].Value).ToList();
    }

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]")]
    private static partial Regex Step();
}
