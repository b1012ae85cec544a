using System.Linq.Expressions;
using Forewarn.Core.Data;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Forewarn.Core.Delivery;

/// <summary>What one drain of the outbox did: messages accepted by the SMTP server, given up, left for a later attempt.</summary>
public sealed record DeliveryReport(int Sent, int Failed, int Deferred);

/// <summary>
/// Delivers the outbox (M1, M2). Several dispatchers, in one process or many, may drain the same
/// outbox at once: each message is claimed by a conditional UPDATE that only one of them can win,
/// and every later state change is conditional on still holding that claim (the lease).
/// See docs/decisions/0201-delivery-exactly-once.md for what this does and does not guarantee.
/// </summary>
public sealed class OutboxDispatcher(
    ForewarnDbContext db,
    SmtpMailSender sender,
    TimeProvider clock,
    IOptions<ForewarnOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private const int MaxErrorLength = 4000;

    /// <summary>Names this dispatcher in LeaseOwner; unique even for two dispatchers in one process.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private DeliveryOptions Delivery => options.Value.Delivery;

    /// <summary>
    /// Claims and sends due messages, batch after batch, until none is due (pending, its next attempt
    /// reached, its lease free or expired). Messages leased by a live dispatcher are left to it.
    /// </summary>
    public async Task<DeliveryReport> DrainAsync(CancellationToken ct)
    {
        var report = new DeliveryReport(0, 0, 0);
        while (true)
        {
            var now = Now();
            var candidates = await db.Outbox.AsNoTracking()
                .Where(Due(now))
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Select(m => m.Id)
                .Take(Delivery.BatchSize)
                .ToListAsync(ct);
            if (candidates.Count == 0) return report;

            var claimed = new List<long>(candidates.Count);
            foreach (var id in candidates)
                if (await TryClaimAsync(id, ct)) claimed.Add(id);
            if (claimed.Count == 0) continue; // another dispatcher won every one; what it holds is no longer due for us

            var batch = await db.Outbox.AsNoTracking()
                .Where(m => claimed.Contains(m.Id) && m.LeaseOwner == _owner)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .ToListAsync(ct);
            var done = await SendBatchAsync(batch, ct);
            report = new(report.Sent + done.Sent, report.Failed + done.Failed, report.Deferred + done.Deferred);
        }
    }

    private async Task<DeliveryReport> SendBatchAsync(List<OutboxMessage> batch, CancellationToken ct)
    {
        int sent = 0, failed = 0, deferred = 0;
        var finished = new HashSet<long>();
        SmtpClient? client = null;
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                if (!await HoldLeaseAsync(message, ct))
                {
                    logger.LogWarning("Outbox message {Id}: lease lost before sending; left to the dispatcher that holds it.", message.Id);
                    finished.Add(message.Id);
                    continue;
                }

                MimeMessage mime;
                try
                {
                    mime = MailBuilder.Build(message, options.Value.Smtp, clock.GetUtcNow());
                }
                catch (Exception e) when (e is ArgumentException or FormatException or ParseException)
                {
                    // No server will take a message we cannot even build; retrying cannot help.
                    if (await RecordFailureAsync(message, new SendFailure(true, $"the message could not be built: {e.Message}")))
                        failed++;
                    finished.Add(message.Id);
                    continue;
                }

                if (client is not { IsConnected: true })
                {
                    client?.Dispose();
                    client = null;
                    try
                    {
                        client = await sender.ConnectAsync(ct);
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        // Nothing in this batch can get through now: defer the rest at once instead of waiting out a timeout for each.
                        var failure = SendFailure.Classify(e);
                        logger.LogWarning("SMTP connection failed: {Reason}; deferring {Count} message(s).", failure.Reason, batch.Count - i);
                        foreach (var rest in batch.Skip(i))
                        {
                            var (deferredOne, failedOne) = await RecordTemporaryAsync(rest, failure.Reason);
                            if (deferredOne) deferred++;
                            if (failedOne) failed++;
                            finished.Add(rest.Id);
                        }
                        break;
                    }
                }

                try
                {
                    await client.SendAsync(mime, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    var failure = SendFailure.Classify(e);
                    logger.LogWarning("Outbox message {Id} to {Recipient}: {Reason}", message.Id, message.Recipient, failure.Reason);
                    if (failure.Permanent)
                    {
                        if (await RecordFailureAsync(message, failure)) failed++;
                    }
                    else
                    {
                        var (deferredOne, failedOne) = await RecordTemporaryAsync(message, failure.Reason);
                        if (deferredOne) deferred++;
                        if (failedOne) failed++;
                    }
                    finished.Add(message.Id);
                    continue;
                }

                // Accepted: record it at once, and even if we are being cancelled, so the window for a redelivery stays minimal.
                await MarkSentAsync(message);
                finished.Add(message.Id);
                sent++;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Hand back what we hold but did not finish, so another dispatcher need not wait for the leases to expire.
            var unfinished = batch.Select(m => m.Id).Where(id => !finished.Contains(id)).ToList();
            await db.Outbox
                .Where(m => unfinished.Contains(m.Id) && m.LeaseOwner == _owner && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null),
                    CancellationToken.None);
            throw;
        }
        finally
        {
            if (client is not null)
            {
                await QuitAsync(client);
                client.Dispose();
            }
        }
        return new(sent, failed, deferred);
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        if (!client.IsConnected) return;
        try
        {
            using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(true, quit.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or MailKit.ProtocolException or SmtpCommandException)
        {
            // Everything was recorded already; a failed QUIT changes nothing.
        }
    }

    private static Expression<Func<OutboxMessage, bool>> Due(DateTime now) => m =>
        m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil <= now);

    /// <summary>Wins the message if it is still due; affected rows = 1 means this dispatcher, and no other, holds it.</summary>
    private async Task<bool> TryClaimAsync(long id, CancellationToken ct)
    {
        var now = Now();
        var until = now + Delivery.Lease;
        var won = await db.Outbox.Where(m => m.Id == id).Where(Due(now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, _owner).SetProperty(m => m.LeaseUntil, until), ct);
        return won == 1;
    }

    /// <summary>
    /// Makes sure the lease outlasts the send that follows: renewed when less than half of it is left,
    /// as long as it is still ours (or lapsed without anyone else taking the message).
    /// </summary>
    private async Task<bool> HoldLeaseAsync(OutboxMessage message, CancellationToken ct)
    {
        var now = Now();
        if (message.LeaseUntil is { } until && until - now >= Delivery.Lease / 2) return true;
        var renewed = now + Delivery.Lease;
        var held = await db.Outbox
            .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Pending
                && ((m.LeaseOwner == _owner && m.LeaseUntil > now)
                    || (m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil <= now))))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, _owner).SetProperty(m => m.LeaseUntil, renewed), ct);
        if (held == 1) message.LeaseUntil = renewed;
        return held == 1;
    }

    private async Task MarkSentAsync(OutboxMessage message)
    {
        var now = Now();
        var attempts = message.Attempts + 1;
        var marked = await db.Outbox
            .Where(m => m.Id == message.Id && m.LeaseOwner == _owner && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        if (marked == 1) return;

        // Our lease lapsed during the send and another dispatcher took the message. The server has it all the same:
        // record that truth unless someone already did, so the message is not delivered yet again later.
        logger.LogWarning(
            "Outbox message {Id} to {Recipient} was delivered after its lease lapsed; another dispatcher may deliver it too (same Message-Id).",
            message.Id, message.Recipient);
        await db.Outbox
            .Where(m => m.Id == message.Id && m.Status != OutboxStatus.Sent)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>A permanent failure: Failed, not retried. False when the lease was lost (the holder decides).</summary>
    private async Task<bool> RecordFailureAsync(OutboxMessage message, SendFailure failure)
    {
        var attempts = message.Attempts + 1;
        var error = Truncate(failure.Reason);
        return await db.Outbox
            .Where(m => m.Id == message.Id && m.LeaseOwner == _owner && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Failed)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None) == 1;
    }

    /// <summary>A temporary failure: retried after the back-off, or Failed once MaxAttempts is reached.</summary>
    private async Task<(bool Deferred, bool Failed)> RecordTemporaryAsync(OutboxMessage message, string reason)
    {
        var now = Now();
        var attempts = message.Attempts + 1;
        var (giveUp, retryAt) = RetrySchedule.AfterTemporaryFailure(attempts, now, Delivery);
        var error = Truncate(giveUp ? $"gave up after {attempts} attempt(s); last: {reason}" : reason);
        var recorded = await db.Outbox
            .Where(m => m.Id == message.Id && m.LeaseOwner == _owner && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, giveUp ? OutboxStatus.Failed : OutboxStatus.Pending)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, giveUp ? message.NextAttemptAt : retryAt)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None) == 1;
        return (recorded && !giveUp, recorded && giveUp);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Truncate(string s) => s.Length <= MaxErrorLength ? s : s[..MaxErrorLength];
}
