using System.Text;
using Forewarn.Core.Delivery;

namespace Forewarn.Core.StatusNotifications;

/// <summary>The status notification email (A6, A7): subject, headers, text and HTML parts from one <see cref="StatusNotificationModel"/>.</summary>
public sealed class StatusNotificationEmail(EmailHtmlRenderer html)
{
    public const string Kind = "status-notification";

    public sealed record Rendered(string Subject, string Text, string Html, IReadOnlyList<KeyValuePair<string, string>> Headers);

    public static string Subject(StatusNotificationModel m) =>
        $"Status Notification: {m.SmartAccountName}, {m.ChangeCount} change{(m.ChangeCount == 1 ? "" : "s")}";

    public async Task<Rendered> RenderAsync(StatusNotificationModel model)
    {
        var htmlPart = await html.RenderAsync<StatusNotificationEmailHtml>(
            new Dictionary<string, object?> { [nameof(StatusNotificationEmailHtml.Model)] = model });
        return new Rendered(Subject(model), Text(model), htmlPart,
        [
            new(MailBuilder.KindHeader, Kind),
            new(MailBuilder.SmartAccountHeader, model.SmartAccountDomain),
            new(MailBuilder.PreparedForHeader, model.RecipientEmail),
        ]);
    }

    /// <summary>The plain-text part; names are written literally (as D6).</summary>
    public static string Text(StatusNotificationModel m)
    {
        var t = new StringBuilder();
        t.Append($"Status Notification for {m.SmartAccountName} ({m.SmartAccountDomain})\n");
        t.Append(m.PreparedFor).Append('\n');
        t.Append($"{m.ChangeCount} change{(m.ChangeCount == 1 ? "" : "s")}, times in {m.TimeZone}.\n");
        foreach (var group in m.Groups)
        {
            t.Append($"\n{group.Type} ({group.Rows.Count})\n");
            foreach (var row in group.Rows) t.Append(row.TextLine).Append('\n');
        }
        t.Append($"\nTo renew, place an order at {m.OrderingUrl}\n\n");
        t.Append(m.Reason).Append('\n');
        return t.ToString();
    }
}
