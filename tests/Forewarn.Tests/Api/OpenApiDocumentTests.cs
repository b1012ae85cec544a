using System.Net;
using Forewarn.Tests.Infrastructure;

namespace Forewarn.Tests.Api;

/// <summary>/openapi/v1.json: anonymous, valid JSON, every endpoint and the bearer scheme (issue 3, item 5).</summary>
public class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApi_Anonymous_ListsEveryPathAndTheBearerScheme()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await ApiHost.StartAsync(db, ApiWorld.NewClock());

        var document = await ApiAssert.JsonAsync(await host.Client().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        Assert.StartsWith("3.", (string?)document["openapi"]);
        Assert.Equal("Forewarn API", (string?)document["info"]!["title"]);
        var paths = document["paths"]!.AsObject();
        Assert.Equal(
        [
            "/api/v1/me",
            "/api/v1/smart-accounts",
            "/api/v1/smart-accounts/{domain}/alerts",
            "/api/v1/smart-accounts/{domain}/alerts/{id}/dismiss",
            "/api/v1/smart-accounts/{domain}/events",
            "/api/v1/smart-accounts/{domain}/licenses",
            "/api/v1/smart-accounts/{domain}/preferences",
            "/api/v1/smart-accounts/{domain}/product-instances",
            "/api/v1/smart-accounts/{domain}/registration-tokens",
        ], paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        var preferences = paths["/api/v1/smart-accounts/{domain}/preferences"]!.AsObject();
        Assert.Equal(["get", "put"], preferences.Select(o => o.Key).Order(StringComparer.Ordinal));
        var put = preferences["put"]!;
        Assert.Equal(["200", "400", "401", "403", "404", "415"], put["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        var body = put["requestBody"]!["content"]!["application/json"]!["schema"]!;
        if ((string?)body["$ref"] is { } reference) body = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        // PUT: three fields required, the range and the addresses optional (0501); numbers are numbers, never strings.
        Assert.Equal(["dailyEventSummary", "statusNotification", "events"], body["required"]!.AsArray().Select(r => (string)r!));
        Assert.Equal("[\"null\",\"integer\"]", body["properties"]!["expiringRangeDays"]!["type"]!.ToJsonString());
        foreach (var list in new[] { "licenses", "product-instances", "events", "alerts" })
            Assert.Equal(["application/json", "text/csv"],
                paths[$"/api/v1/smart-accounts/{{domain}}/{list}"]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal(["from", "page", "pageSize", "to"],
            paths["/api/v1/smart-accounts/{domain}/events"]!["get"]!["parameters"]!.AsArray()
                .Select(p => (string)p!["name"]!).Where(n => n != "domain").Order(StringComparer.Ordinal));

        // The optional filters the Alerts tab links through (an alert's licenseId / productInstanceId).
        Assert.Equal(["license", "page", "pageSize"],
            paths["/api/v1/smart-accounts/{domain}/licenses"]!["get"]!["parameters"]!.AsArray()
                .Select(p => (string)p!["name"]!).Where(n => n != "domain").Order(StringComparer.Ordinal));
        Assert.Equal(["instance", "page", "pageSize"],
            paths["/api/v1/smart-accounts/{domain}/product-instances"]!["get"]!["parameters"]!.AsArray()
                .Select(p => (string)p!["name"]!).Where(n => n != "domain").Order(StringComparer.Ordinal));

        Assert.Equal(["page", "pageSize", "severity", "state"],
            paths["/api/v1/smart-accounts/{domain}/alerts"]!["get"]!["parameters"]!.AsArray()
                .Select(p => (string)p!["name"]!).Where(n => n != "domain").Order(StringComparer.Ordinal));
        var dismiss = paths["/api/v1/smart-accounts/{domain}/alerts/{id}/dismiss"]!["post"]!;
        Assert.Equal(["200", "400", "401", "403", "404"], dismiss["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.True(dismiss["security"]!.AsArray().Single()!.AsObject().ContainsKey("bearer"));

        // Registration tokens (L5): GET lists, POST creates with a bearer token only; 201 with the token.
        var registrationTokens = paths["/api/v1/smart-accounts/{domain}/registration-tokens"]!.AsObject();
        Assert.Equal(["get", "post"], registrationTokens.Select(o => o.Key).Order(StringComparer.Ordinal));
        var create = registrationTokens["post"]!;
        Assert.Equal(["201", "400", "401", "403", "404", "415"], create["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.True(create["security"]!.AsArray().Single()!.AsObject().ContainsKey("bearer"));
        var createBody = create["requestBody"]!["content"]!["application/json"]!["schema"]!;
        if ((string?)createBody["$ref"] is { } createReference) createBody = document["components"]!["schemas"]![createReference.Split('/')[^1]]!;
        Assert.Equal(["description", "validDays", "virtualAccount"], createBody["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

        var scheme = document["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal(("http", "bearer"), ((string?)scheme["type"], (string?)scheme["scheme"]));
        Assert.True(put["security"]!.AsArray().Single()!.AsObject().ContainsKey("bearer"));
    }
}
