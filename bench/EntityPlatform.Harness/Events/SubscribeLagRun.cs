using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Events;

/// <summary>
/// One system's lag run: a subscriber on the harness's keys (<see cref="ISystemUnderTest.WrittenValuesAsync"/>)
/// and an open-loop writer (write i is due at start + i / rate whatever happened to earlier ones). Write i
/// writes the unique value i (a counter increment by i, an etcd Put of i), so the event names its write.
/// </summary>
public static class SubscribeLagRun
{
    private const string KeyPrefix = "lag/";

    /// <param name="clock">The run's clock (a Stopwatch's elapsed time in the harness).</param>
    public static async Task<LagSummary> RunAsync(ISystemUnderTest system, SubscribeLagOptions options, Func<TimeSpan> clock, CancellationToken cancellationToken)
    {
        options.Validate();
        await system.StartAsync(cancellationToken);
        var recorder = new LagRecorder();
        using var stopSubscriber = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscriber = Task.Run(async () =>
        {
            try
            {
                await foreach (var value in system.WrittenValuesAsync(KeyPrefix, stopSubscriber.Token))
                {
                    recorder.Arrived(value, clock());
                }
            }
            catch (Exception error) when (stopSubscriber.IsCancellationRequested && Cancellation.IsCancellation(error))
            {
            }
        }, CancellationToken.None);

        var start = clock();
        var (errors, firstError) = await WriteAsync(system, options, recorder, clock, start, cancellationToken);
        var measuredFrom = start + options.Warmup;
        var drainUntil = clock() + options.Drain;
        while (!recorder.AllDelivered(measuredFrom) && clock() < drainUntil && !subscriber.IsCompleted)
        {
            await Task.Delay(50, cancellationToken);
        }

        await stopSubscriber.CancelAsync();
        await subscriber; // A subscription that failed by itself surfaces here.
        if (errors > 0)
        {
            Console.WriteLine($"{system.Name}: {errors} writes failed (not acknowledged, not measured); the first: {firstError}");
        }

        return recorder.Summarize(system.Name, options.Rate, measuredFrom);
    }

    /// <summary>The open-loop writer from <paramref name="start"/> (the warm-up's start); answers the number of writes that failed and the first failure's type and message.</summary>
    private static async Task<(long Errors, string? First)> WriteAsync(ISystemUnderTest system, SubscribeLagOptions options, LagRecorder recorder, Func<TimeSpan> clock, TimeSpan start, CancellationToken cancellationToken)
    {
        var total = (long)(options.Rate * (options.Warmup + options.Duration).TotalSeconds);
        using var inFlight = new SemaphoreSlim(options.MaxInFlight);
        var running = new List<Task>();
        var errors = 0L;
        string? first = null;
        for (long i = 1; i <= total; i++)
        {
            var due = start + TimeSpan.FromSeconds((i - 1) / options.Rate);
            var wait = due - clock();
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            await inFlight.WaitAsync(cancellationToken);
            var value = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await system.MutateAsync($"{KeyPrefix}{value % options.Keys}", value, TimeSpan.FromSeconds(5), cancellationToken);
                    recorder.Acknowledged(value, clock());
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref first, $"{error.GetType().Name}: {error.Message}", null);
                }
                finally
                {
                    inFlight.Release();
                }
            }, CancellationToken.None));
        }

        await Task.WhenAll(running);
        return (errors, first);
    }
}
