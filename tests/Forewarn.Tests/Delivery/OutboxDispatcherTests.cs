using System.Text;
using Forewarn.Core.Delivery;
using Forewarn.Tests.Infrastructure;
using MimeKit;
using Xunit.Abstractions;
using static Forewarn.Tests.Delivery.OutboxTestKit;

namespace Forewarn.Tests.Delivery;

/// <summary>M1, M2: the dispatcher against a real SMTP server on loopback and a real database.</summary>
public class OutboxDispatcherTests(ITestOutputHelper output)
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_PendingMessages_ArriveWithExactHeadersSubjectsAndParts(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = Clock();
        var settings = smtp.Settings()
            .With("Forewarn:Smtp:From", "notify@forewarn.test")
            .With("Forewarn:Smtp:FromName", "Forewarn Notifications");
        await using var services = db.Services(clock, settings);
        var now = clock.GetUtcNow().UtcDateTime;
        var plain = Message("alice@acme-networks.com", now, "Daily Event Summary: Acme Networks, 2026-12-03", "Alice Adams");
        var accented = Message("bob@acme-networks.com", now, "Daily Event Summary: Zürich Netzwerke — Ωmega, 2026-12-03", "Björn O'Connor");
        var markup = Message("carol@acme-networks.com", now, "Daily Event Summary: R&D <Tools>, 2026-12-03");
        accented.TextBody = "- R&D <Tools> | EMEA | qty 5 | expires 2026-12-03 | expires today\nO'Connor, Zürich ✓\n.a line that starts with a dot\n";
        accented.HtmlBody = "<p>R&amp;D &lt;Tools&gt; for O&#39;Connor, Zürich ✓</p>";
        await AddAsync(db, plain, accented, markup);

        var report = await DrainAsync(services);

        Assert.Equal(new DeliveryReport(3, 0, 0), report);
        Assert.Equal(3, smtp.Received.Count);
        foreach (var sent in new[] { plain, accented, markup })
        {
            var mail = Assert.Single(smtp.Received, r => r.Recipients.SequenceEqual([sent.Recipient]));
            var m = mail.Message;
            Assert.Equal("notify@forewarn.test", mail.EnvelopeFrom);
            Assert.Equal("\"Forewarn Notifications\" <notify@forewarn.test>", m.From.ToString());
            var to = Assert.IsType<MailboxAddress>(Assert.Single(m.To));
            Assert.Equal(sent.Recipient, to.Address);
            Assert.Equal(sent.RecipientName ?? "", to.Name);
            Assert.Equal(sent.Subject, m.Subject);
            Assert.Equal(sent.MessageId, m.MessageId);
            Assert.Equal(new DateTimeOffset(now), m.Date);
            Assert.Equal("daily-summary", m.Headers["X-Forewarn-Kind"]);
            Assert.Equal("acme-networks.com", m.Headers["X-Forewarn-Smart-Account"]);
            Assert.Equal("2026-12-03", m.Headers["X-Forewarn-Date"]);

            // Headers travel as 7-bit ASCII: a non-ASCII subject is an RFC 2047 encoded word, an ASCII one stays literal.
            var rawSubject = Encoding.Latin1.GetString(m.Headers.First(h => h.Id == HeaderId.Subject).RawValue).Trim();
            Assert.All(rawSubject, c => Assert.True(c < 128, $"non-ASCII byte in the raw subject '{rawSubject}'"));
            if (sent == accented) Assert.Contains("=?utf-8?", rawSubject, StringComparison.OrdinalIgnoreCase);
            if (sent == markup) Assert.Equal("Daily Event Summary: R&D <Tools>, 2026-12-03", rawSubject);

            var body = Assert.IsType<MultipartAlternative>(m.Body);
            Assert.Equal(2, body.Count);
            var text = Assert.IsType<TextPart>(body[0]);
            var html = Assert.IsType<TextPart>(body[1]);
            Assert.Equal("text/plain", text.ContentType.MimeType);
            Assert.Equal("utf-8", text.ContentType.Charset);
            Assert.Equal("text/html", html.ContentType.MimeType);
            Assert.Equal("utf-8", html.ContentType.Charset);
            Assert.Equal(sent.TextBody, text.Text.ReplaceLineEndings("\n"));
            Assert.Equal(sent.HtmlBody, html.Text.ReplaceLineEndings("\n"));
        }

        Assert.All(await RowsAsync(db), row =>
        {
            Assert.Equal(OutboxStatus.Sent, row.Status);
            Assert.Equal(now, row.SentAt);
            Assert.Equal(1, row.Attempts);
            Assert.Null(row.LeaseOwner);
            Assert.Null(row.LeaseUntil);
            Assert.Null(row.LastError);
        });
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        Assert.Equal(3, smtp.Received.Count);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_RecipientAnswers550_FailsThatOneNotRetriedOthersDelivered(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = Clock();
        await using var services = db.Services(clock, smtp.Settings());
        var now = clock.GetUtcNow().UtcDateTime;
        string[] recipients = ["a@acme-networks.com", "gone@acme-networks.com", "c@acme-networks.com", "d@acme-networks.com"];
        await AddAsync(db, recipients.Select(r => Message(r, now)).ToArray());
        smtp.RejectPermanently("gone@acme-networks.com");

        var report = await DrainAsync(services);

        Assert.Equal(new DeliveryReport(3, 1, 0), report);
        Assert.Equal(["a@acme-networks.com", "c@acme-networks.com", "d@acme-networks.com"],
            smtp.Received.SelectMany(r => r.Recipients).Order().ToArray());
        var gone = await RowAsync(db, "gone@acme-networks.com");
        Assert.Equal(OutboxStatus.Failed, gone.Status);
        Assert.Equal(1, gone.Attempts);
        Assert.StartsWith("550 recipient refused", gone.LastError);
        Assert.Null(gone.LeaseOwner);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        Assert.Equal(1, smtp.Attempts("gone@acme-networks.com"));
        Assert.Equal(3, smtp.Received.Count);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_MessageThatCannotBeBuilt_FailsThatOneOthersDelivered(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = Clock();
        await using var services = db.Services(clock, smtp.Settings());
        var now = clock.GetUtcNow().UtcDateTime;
        var broken = Message("broken@acme-networks.com", now);
        broken.ExtraHeaders = "X-Forewarn-Date: 2026-12-03\nNot A Header Name: x";
        await AddAsync(db, Message("a@acme-networks.com", now), broken, Message("c@acme-networks.com", now));

        Assert.Equal(new DeliveryReport(2, 1, 0), await DrainAsync(services));

        var row = await RowAsync(db, "broken@acme-networks.com");
        Assert.Equal((OutboxStatus.Failed, 1), (row.Status, row.Attempts));
        Assert.StartsWith("the message could not be built", row.LastError);
        Assert.Equal(0, smtp.Attempts("broken@acme-networks.com"));
        Assert.Equal(["a@acme-networks.com", "c@acme-networks.com"], smtp.Received.SelectMany(r => r.Recipients).Order().ToArray());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_RecipientAnswers451Twice_DeferredWithDoublingBackoffThenDeliveredOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = Clock();
        var settings = smtp.Settings().With("Forewarn:Delivery:FirstRetryDelay", "00:00:30");
        await using var services = db.Services(clock, settings);
        var t0 = clock.GetUtcNow().UtcDateTime;
        await AddAsync(db, Message("busy@acme-networks.com", t0), Message("ok@acme-networks.com", t0));
        smtp.RejectTemporarily("busy@acme-networks.com", times: 2);

        Assert.Equal(new DeliveryReport(1, 0, 1), await DrainAsync(services));
        var busy = await RowAsync(db, "busy@acme-networks.com");
        Assert.Equal(OutboxStatus.Pending, busy.Status);
        Assert.Equal(1, busy.Attempts);
        Assert.Equal(t0.AddSeconds(30), busy.NextAttemptAt);
        Assert.StartsWith("451 recipient refused", busy.LastError);
        Assert.Null(busy.LeaseOwner);

        clock.Advance(TimeSpan.FromSeconds(29)); // not yet due
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        Assert.Equal(1, smtp.Attempts("busy@acme-networks.com"));

        clock.Advance(TimeSpan.FromSeconds(1)); // due: refused again, next delay doubles
        Assert.Equal(new DeliveryReport(0, 0, 1), await DrainAsync(services));
        busy = await RowAsync(db, "busy@acme-networks.com");
        Assert.Equal(2, busy.Attempts);
        Assert.Equal(t0.AddSeconds(30 + 60), busy.NextAttemptAt);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DeliveryReport(1, 0, 0), await DrainAsync(services));
        busy = await RowAsync(db, "busy@acme-networks.com");
        Assert.Equal(OutboxStatus.Sent, busy.Status);
        Assert.Equal(3, busy.Attempts);
        Assert.Equal(t0.AddSeconds(90), busy.SentAt);
        Assert.Null(busy.LastError);

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        Assert.Single(smtp.Received, r => r.Recipients.Contains("busy@acme-networks.com"));
        Assert.Single(smtp.Received, r => r.Recipients.Contains("ok@acme-networks.com"));
        Assert.Equal(3, smtp.Attempts("busy@acme-networks.com"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_SmtpServerDown_DefersAllAndDeliversEachOnceWhenBack(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var down = await SmtpTestServer.StartAsync();
        var port = down.Port;
        var settings = down.Settings();
        await down.DisposeAsync(); // nothing listens on the port any more
        var clock = Clock();
        await using var services = db.Services(clock, settings);
        var t0 = clock.GetUtcNow().UtcDateTime;
        string[] recipients = ["a@acme-networks.com", "b@acme-networks.com", "c@acme-networks.com"];
        await AddAsync(db, recipients.Select(r => Message(r, t0)).ToArray());

        Assert.Equal(new DeliveryReport(0, 0, 3), await DrainAsync(services));
        Assert.All(await RowsAsync(db), row =>
        {
            Assert.Equal(OutboxStatus.Pending, row.Status);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(t0.AddSeconds(30), row.NextAttemptAt);
            Assert.StartsWith("connection failed (ConnectionRefused)", row.LastError);
            Assert.Null(row.LeaseOwner);
        });

        await using var back = await SmtpTestServer.StartAsync(port);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new DeliveryReport(3, 0, 0), await DrainAsync(services));
        Assert.Equal(recipients, back.Received.SelectMany(r => r.Recipients).Order().ToArray());
        Assert.All(await RowsAsync(db), row => Assert.Equal((OutboxStatus.Sent, 2), (row.Status, row.Attempts)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_TemporaryFailuresUpToMaxAttempts_EndsFailedAndStopsTrying(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = Clock();
        await using var services = db.Services(clock, smtp.Settings().With("Forewarn:Delivery:MaxAttempts", "3"));
        await AddAsync(db, Message("busy@acme-networks.com", clock.GetUtcNow().UtcDateTime));
        smtp.RejectTemporarily("busy@acme-networks.com");

        Assert.Equal(new DeliveryReport(0, 0, 1), await DrainAsync(services));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new DeliveryReport(0, 0, 1), await DrainAsync(services));
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(new DeliveryReport(0, 1, 0), await DrainAsync(services));

        var row = await RowAsync(db, "busy@acme-networks.com");
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(3, row.Attempts);
        Assert.StartsWith("gave up after 3 attempt(s); last: 451 recipient refused", row.LastError);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        Assert.Equal(3, smtp.Attempts("busy@acme-networks.com"));
        Assert.Empty(smtp.Received);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_TwoProcessesConcurrently_DeliverEachOf200MessagesExactlyOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = Clock();
        var now = clock.GetUtcNow().UtcDateTime;
        var recipients = Enumerable.Range(1, 200).Select(i => $"user{i:000}@acme-networks.com").ToArray();
        await AddAsync(db, recipients.Select(r => Message(r, now)).ToArray());
        // Small batches: the two dispatchers go back to the outbox often and race for the same rows.
        var settings = smtp.Settings().With("Forewarn:Delivery:BatchSize", "7");
        await using var first = db.Services(clock, settings);
        await using var second = db.Services(clock, settings);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Task.Run(async () => { await go.Task; return await DrainAsync(first); });
        var b = Task.Run(async () => { await go.Task; return await DrainAsync(second); });
        go.SetResult();
        var reports = await Task.WhenAll(a, b);
        output.WriteLine($"first sent {reports[0].Sent}, second sent {reports[1].Sent}");

        Assert.Equal(200, reports.Sum(r => r.Sent));
        Assert.All(reports, r => Assert.Equal((0, 0), (r.Failed, r.Deferred)));
        Assert.Equal(200, smtp.Received.Count);
        Assert.Equal(recipients, smtp.Received.SelectMany(r => r.Recipients).Order().ToArray());
        Assert.Equal(200, smtp.Received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.All(await RowsAsync(db), row => Assert.Equal((OutboxStatus.Sent, 1), (row.Status, row.Attempts)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_LeaseLeftByDeadProcess_TakenOverOnlyAfterExpiryAndDeliveredOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = Clock();
        await using var services = db.Services(clock, smtp.Settings());
        var t0 = clock.GetUtcNow().UtcDateTime;
        var orphan = Message("a@acme-networks.com", t0);
        orphan.LeaseOwner = "crashed-host/4242/0000";
        orphan.LeaseUntil = t0.AddMinutes(5); // claimed at t0 with the default 5-minute lease, then the process died
        await AddAsync(db, orphan);

        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        Assert.Empty(smtp.Received);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DeliveryReport(1, 0, 0), await DrainAsync(services));
        Assert.Equal(new DeliveryReport(0, 0, 0), await DrainAsync(services));
        var mail = Assert.Single(smtp.Received);
        Assert.Equal(orphan.MessageId, mail.Message.MessageId);
        var row = await RowAsync(db, "a@acme-networks.com");
        Assert.Equal((OutboxStatus.Sent, 1, (string?)null), (row.Status, row.Attempts, row.LeaseOwner));
    }
}
