namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// One <see cref="SteppedClock"/> per node, driven at real-time speed by a background task, except clocks a
/// test froze (a stalled node). Disposing stops the driver.
/// </summary>
internal sealed class SteppedClocks : IAsyncDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);
    private readonly Dictionary<ulong, SteppedClock> clocks = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task driver;

    public SteppedClocks(int nodeCount)
    {
        for (ulong id = 1; id <= (ulong)nodeCount; id++)
        {
            clocks[id] = new SteppedClock();
        }

        driver = Task.Run(DriveAsync);
    }

    public SteppedClock this[ulong node] => clocks[node];

    private async Task DriveAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var last = watch.Elapsed;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Step, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = watch.Elapsed;
            var elapsed = now - last;
            last = now;
            foreach (var clock in clocks.Values.Where(clock => !clock.Frozen))
            {
                clock.Advance(elapsed);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await driver;
        stop.Dispose();
    }
}
