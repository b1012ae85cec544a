namespace Forewarn.Core.Delivery;

/// <summary>The loopback port the development mailbox listens on, known once it has started (M3).</summary>
public sealed class DevelopmentMailboxEndpoint
{
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the port when the mailbox listens; faults when it could not start.</summary>
    public Task<int> Listening => _port.Task;

    internal void Started(int port) => _port.TrySetResult(port);
    internal void Failed(Exception reason) => _port.TrySetException(reason);

    /// <summary>
    /// The port, waiting for the mailbox to listen. The wait is on the wall clock, like MailKit's own
    /// timeouts: it bounds real I/O, so a fake clock in tests must not stretch it.
    /// </summary>
    /// <exception cref="TimeoutException">The mailbox did not start listening within <paramref name="timeout"/>.</exception>
    public async Task<int> WaitUntilListeningAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await _port.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"The development mailbox (used because Forewarn:Smtp:Host is empty) was not listening after {timeout.TotalSeconds:0.#} s.");
        }
    }
}
