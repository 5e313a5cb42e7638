using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Events;

/// <summary>
/// A subscriber that reads slowly: it waits <paramref name="perEvent"/> after every event, so the system must
/// hold it back (bounded flow control) rather than stall its writers or buffer without bound. Counts what it read.
/// </summary>
public sealed class SlowSubscriber(TimeSpan perEvent, string keyPrefix)
{
    private long delivered;

    public long Delivered => Interlocked.Read(ref delivered);

    /// <summary>Reads until <paramref name="cancellationToken"/> is cancelled; any other end of the stream is an error.</summary>
    public async Task RunAsync(ISystemUnderTest system, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in system.WrittenValuesAsync(keyPrefix, cancellationToken))
            {
                Interlocked.Increment(ref delivered);
                await Task.Delay(perEvent, cancellationToken);
            }
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && Cancellation.IsCancellation(error))
        {
        }
    }
}
