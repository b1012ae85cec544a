using System.Text;
using Forewarn.Core.Delivery;

namespace Forewarn.Core.Digest;

/// <summary>The Daily Event Summary email (D6): subject, headers, text and HTML parts from one <see cref="DigestModel"/>.</summary>
public sealed class DigestEmail(EmailHtmlRenderer html)
{
    public const string Kind = "daily-summary";

    public sealed record Rendered(string Subject, string Text, string Html, IReadOnlyList<KeyValuePair<string, string>> Headers);

    public static string Subject(DigestModel m) => $"Daily Event Summary: {m.SmartAccountName}, {m.DigestDate:yyyy-MM-dd}";

    public async Task<Rendered> RenderAsync(DigestModel model)
    {
        var htmlPart = await html.RenderAsync<DigestEmailHtml>(new Dictionary<string, object?> { [nameof(DigestEmailHtml.Model)] = model });
        return new Rendered(Subject(model), Text(model), htmlPart,
        [
            new("X-Forewarn-Kind", Kind),
            new("X-Forewarn-Smart-Account", model.SmartAccountDomain),
            new("X-Forewarn-Date", model.DigestDate.ToString("yyyy-MM-dd")),
        ]);
    }

    /// <summary>The plain-text part. Names are written literally (D6).</summary>
    public static string Text(DigestModel m)
    {
        var t = new StringBuilder();
        t.Append($"Daily Event Summary for {m.SmartAccountName} ({m.SmartAccountDomain}), {m.DigestDate:yyyy-MM-dd}\n");
        t.Append(m.PreparedFor).Append("\n\n");

        if (m.EventCount > 0)
        {
            t.Append($"Events on {m.EventsDate:yyyy-MM-dd} ({m.TimeZone})\n");
            foreach (var group in m.EventGroups)
            {
                t.Append($"\n{group.Type} ({group.Events.Count})\n");
                foreach (var e in group.Events)
                    t.Append($"- {e.LocalTime} | {e.VirtualAccount ?? "Smart Account"} | {e.Message}\n");
            }
            t.Append('\n');
        }

        if (m.RangeDays is int range)
        {
            t.Append($"Expiring licenses (within {range} days, through {m.DigestDate.AddDays(range):yyyy-MM-dd})\n");
            if (m.Expiring.Count == 0) t.Append("No license expires in this range.\n");
            foreach (var row in m.Expiring) t.Append(row.TextLine).Append('\n');
            t.Append('\n');
            if (m.Expiring.Count > 0) t.Append($"To renew, place an order at {m.OrderingUrl}\n\n");
        }

        t.Append(m.Reason).Append('\n');
        return t.ToString();
    }
}
