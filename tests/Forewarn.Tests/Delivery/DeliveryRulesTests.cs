using System.Net.Sockets;
using Forewarn.Core;
using Forewarn.Core.Delivery;
using MailKit.Net.Smtp;
using MimeKit;

namespace Forewarn.Tests.Delivery;

/// <summary>M2 as pure rules: back-off and which failures are permanent.</summary>
public class DeliveryRulesTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)] // 3840 s capped at an hour
    [InlineData(10_000, 3600)]
    public void DelayAfter_AttemptsMade_DoublesFromFirstAndCaps(int attempts, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetrySchedule.DelayAfter(attempts, First, Max));

    [Fact]
    public void DelayAfter_UnboundedCap_DoesNotOverflow() =>
        Assert.Equal(TimeSpan.MaxValue, RetrySchedule.DelayAfter(200, First, TimeSpan.MaxValue));

    [Fact]
    public void AfterTemporaryFailure_LastAllowedAttempt_GivesUp()
    {
        var options = new DeliveryOptions { MaxAttempts = 3, FirstRetryDelay = First, MaxRetryDelay = Max };
        var now = new DateTime(2026, 12, 3, 6, 0, 0, DateTimeKind.Utc);
        Assert.Equal((false, now.AddSeconds(60)), RetrySchedule.AfterTemporaryFailure(2, now, options));
        Assert.True(RetrySchedule.AfterTemporaryFailure(3, now, options).GiveUp);
    }

    public static TheoryData<string, bool> Failures => new()
    {
        { "rcpt 550", true },
        { "rcpt 553", true },
        { "data 554", true },
        { "rcpt 451", false },
        { "data 452", false },
        { "mail 550", false },
        { "refused", false },
        { "io", false },
        { "timeout", false },
    };

    [Theory, MemberData(nameof(Failures))]
    public void Classify_Failure_PermanentOnlyFor5xxToRecipientOrMessage(string failure, bool permanent)
    {
        var to = new MailboxAddress("", "a@acme-networks.com");
        Exception e = failure switch
        {
            "rcpt 550" => new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, to, "no such user"),
            "rcpt 553" => new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxNameNotAllowed, to, "bad name"),
            "data 554" => new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "spam"),
            "rcpt 451" => new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.ErrorInProcessing, to, "later"),
            "data 452" => new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage, "full"),
            "mail 550" => new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, to, "who are you"),
            "refused" => new SocketException((int)SocketError.ConnectionRefused),
            "io" => new IOException("reset by peer"),
            _ => new TimeoutException("no answer"),
        };
        Assert.Equal(permanent, SendFailure.Classify(e).Permanent);
    }
}
