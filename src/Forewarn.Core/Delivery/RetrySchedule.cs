namespace Forewarn.Core.Delivery;

/// <summary>Back-off for temporary delivery failures (M2): the first retry after FirstRetryDelay, each later one twice as long, capped.</summary>
public static class RetrySchedule
{
    /// <param name="attemptsMade">Attempts made so far, including the one that just failed (1 or more).</param>
    public static TimeSpan DelayAfter(int attemptsMade, TimeSpan firstRetryDelay, TimeSpan maxRetryDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        var delay = firstRetryDelay;
        for (var i = 1; i < attemptsMade; i++)
        {
            // Stop doubling at the cap; also keeps the arithmetic clear of TimeSpan overflow.
            if (delay.Ticks >= maxRetryDelay.Ticks / 2) return maxRetryDelay;
            delay += delay;
        }
        return delay > maxRetryDelay ? maxRetryDelay : delay;
    }

    /// <summary>What a temporary failure leads to: another attempt at <c>RetryAt</c>, or giving up when MaxAttempts is reached.</summary>
    public static (bool GiveUp, DateTime RetryAt) AfterTemporaryFailure(int attemptsMade, DateTime now, DeliveryOptions options) =>
        attemptsMade >= options.MaxAttempts
            ? (true, now)
            : (false, now + DelayAfter(attemptsMade, options.FirstRetryDelay, options.MaxRetryDelay));
}
