using System.Text.Json;
using Forewarn.Core;
using Forewarn.Core.Preferences;

namespace Forewarn.Api;

/// <summary>
/// The caller's notification preferences for one Smart Account (§2), as GET returns them and PUT takes them.
/// </summary>
/// <param name="ExpiringRangeDays">N3: one of 90, 60, 30, 17, 7, 4, 3, or null for none.</param>
/// <param name="AdditionalEmails">N5: only a Smart Account admin may set them; null in GET for everybody else.</param>
public sealed record PreferencesDocument(
    bool DailyEventSummary,
    bool StatusNotification,
    IReadOnlyList<string> Events,
    int? ExpiringRangeDays = null,
    IReadOnlyList<string>? AdditionalEmails = null)
{
    public static PreferencesDocument From(PreferencesView view) =>
        new(view.DailyEventSummary, view.StatusNotification, view.Events, view.ExpiringRangeDays, view.AdditionalEmails);
}

/// <summary>
/// Reads a PUT body strictly (0501): a JSON object with exactly the fields of <see cref="PreferencesDocument"/>;
/// <c>dailyEventSummary</c>, <c>statusNotification</c> and <c>events</c> required, <c>expiringRangeDays</c> and
/// <c>additionalEmails</c> optional (missing or null means none). Every type error is reported with its field, all
/// at once; what the values mean (event names, range options, addresses) is the handler's to judge.
/// </summary>
public static class PreferencesBody
{
    private const string DailyEventSummary = "dailyEventSummary";
    private const string StatusNotification = "statusNotification";
    private const string Events = "events";
    private const string ExpiringRangeDays = "expiringRangeDays";
    private const string AdditionalEmails = "additionalEmails";
    private static readonly string[] Fields = [DailyEventSummary, StatusNotification, Events, ExpiringRangeDays, AdditionalEmails];

    public static async Task<(PreferencesDocument? Body, IReadOnlyList<FieldError> Errors)> ReadAsync(Stream body, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            return (null, [new FieldError("body", $"is not valid JSON: {e.Message}")]);
        }
    }

    public static (PreferencesDocument? Body, IReadOnlyList<FieldError> Errors) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return (null, [new FieldError("body", $"must be a JSON object, not {Kind(root)}.")]);

        var errors = new List<FieldError>();
        var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                var meant = Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
                errors.Add(new FieldError(property.Name, meant is null
                    ? $"is not a field of the preferences; the fields are {string.Join(", ", Fields)}."
                    : $"is not a field of the preferences; did you mean '{meant}'? (names are case-sensitive)"));
            }
            else if (!seen.TryAdd(property.Name, property.Value))
                errors.Add(new FieldError(property.Name, "is given more than once."));
        }

        var daily = Boolean(seen, DailyEventSummary, errors);
        var status = Boolean(seen, StatusNotification, errors);
        var events = Strings(seen, Events, required: true, "an event type name", errors);
        int? range = null;
        if (seen.TryGetValue(ExpiringRangeDays, out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var days)) range = days;
            else errors.Add(new FieldError(ExpiringRangeDays,
                $"must be a whole number of days ({string.Join(", ", ExpiringRange.Options)}) or null, not {Kind(r)}."));
        }
        var additional = Strings(seen, AdditionalEmails, required: false, "an email address", errors);

        return errors.Count > 0
            ? (null, errors)
            : (new PreferencesDocument(daily!.Value, status!.Value, events!, range, additional), []);
    }

    private static bool? Boolean(Dictionary<string, JsonElement> seen, string field, List<FieldError> errors)
    {
        if (!seen.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError(field, "is required (true or false)."));
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        errors.Add(new FieldError(field, $"must be true or false, not {Kind(value)}."));
        return null;
    }

    private static List<string>? Strings(Dictionary<string, JsonElement> seen, string field, bool required, string what, List<FieldError> errors)
    {
        if (!seen.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors.Add(new FieldError(field, $"is required (an array of strings, each {what}; [] for none)."));
            return required ? null : [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError(field, $"must be an array of strings, each {what}, not {Kind(value)}."));
            return null;
        }
        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) items.Add(item.GetString()!);
            else errors.Add(new FieldError($"{field}[{index}]", $"must be a string ({what}), not {Kind(item)}."));
            index++;
        }
        return items;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
