using System.Diagnostics;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Saturation;

/// <summary>
/// Maximum durable write throughput: closed-loop workers (each waits for its write to be acknowledged
/// before sending the next) on many keys, through the same <see cref="ISystemUnderTest"/> client for every
/// system, after a warm-up. Complements the open-loop failover run, which holds the offered rate fixed.
/// Issue 18 adds what each system costs beside its speed: start-up time, memory at rest and under load, and
/// bytes allocated per write.
/// </summary>
public static class SaturationRun
{
    /// <param name="CpuMicrosecondsPerWrite">CPU time of the harness and the system's processes during the measured
    /// window, per acknowledged write (NaN where /proc is unavailable).</param>
    /// <param name="StartSeconds">From launching the member processes to the first acknowledged write (process start to serving).</param>
    /// <param name="RssRestMiB">Largest member VmRSS after start-up, before the load.</param>
    /// <param name="RssLoadMiB">Largest member VmRSS at the end of the measured window.</param>
    /// <param name="ServerBytesPerWrite">Bytes the member processes allocated in the window per write (NaN when the system does not report it).</param>
    /// <param name="ClientBytesPerWrite">Bytes the harness process (the system's client) allocated in the window per write.</param>
    /// <param name="LoadAverage">The machine's 1-minute load average when the window ended.</param>
    public sealed record Result(string System, int Workers, double WritesPerSecond, double P50Ms, double P99Ms, long Errors, double CpuMicrosecondsPerWrite,
        double StartSeconds = double.NaN, double RssRestMiB = double.NaN, double RssLoadMiB = double.NaN, double ServerBytesPerWrite = double.NaN,
        double ClientBytesPerWrite = double.NaN, double LoadAverage = double.NaN);

    /// <param name="warmup">Load before measuring: lets the JIT's tiered recompilation of the hot path (ours; etcd is
    /// compiled ahead of time) finish, so the window measures the steady state.</param>
    /// <param name="alongside">Runs beside the workers from the start until the measured window ends (the slow
    /// subscriber of <c>--slow-subscriber</c>); cancelled then, and its failure fails the run.</param>
    public static async Task<Result> RunAsync(ISystemUnderTest system, int workers, TimeSpan duration, TimeSpan warmup, CancellationToken cancellationToken,
        Func<ISystemUnderTest, CancellationToken, Task>? alongside = null)
    {
        var startClock = Stopwatch.StartNew();
        await system.StartAsync(cancellationToken);
        var startSeconds = startClock.Elapsed.TotalSeconds;
        var rssRest = MaxRssMiB(system);
        using var stopAlongside = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beside = alongside?.Invoke(system, stopAlongside.Token) ?? Task.CompletedTask;
        var latencies = new List<double>[workers];
        var errors = 0L;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            latencies[worker] = [];
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                var key = $"s-{random.Next(10_000)}";
                var started = clock.Elapsed;
                try
                {
                    await system.MutateAsync(key, 1, TimeSpan.FromSeconds(5), CancellationToken.None);
                    if (started > warmup)
                    {
                        latencies[worker].Add((clock.Elapsed - started).TotalMilliseconds);
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.Delay(warmup, cancellationToken);
        var cpuBefore = ProcessTreeCpu.TryRead();
        var serverBefore = await system.ServerAllocatedBytesAsync(cancellationToken);
        var clientBefore = GC.GetTotalAllocatedBytes(precise: false);
        await Task.Delay(duration, cancellationToken);
        var cpuAfter = ProcessTreeCpu.TryRead();
        var serverAfter = await system.ServerAllocatedBytesAsync(cancellationToken);
        var clientAfter = GC.GetTotalAllocatedBytes(precise: false);
        var rssLoad = MaxRssMiB(system);
        var load = ProcessMemory.LoadAverage() ?? double.NaN;
        stop.Cancel();
        await Task.WhenAll(tasks);
        await stopAlongside.CancelAsync();
        await beside;
        var sorted = latencies.SelectMany(list => list).Order().ToArray();
        // Writes counted in the window are those invoked after the warm-up; the few still in flight at either edge
        // shift the per-write figures by well under a percent at these rates.
        var writes = Math.Max(sorted.Length, 1);
        var cpuPerWrite = cpuBefore is { } before && cpuAfter is { } after && sorted.Length > 0
            ? (after - before).TotalMicroseconds / writes
            : double.NaN;
        var serverPerWrite = serverBefore is { } s0 && serverAfter is { } s1 ? (double)(s1 - s0) / writes : double.NaN;
        return new Result(system.Name, workers, sorted.Length / duration.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), errors, cpuPerWrite,
            startSeconds, rssRest, rssLoad, serverPerWrite, (double)(clientAfter - clientBefore) / writes, load);
    }

    private static double MaxRssMiB(ISystemUnderTest system) =>
        system.Members.Select(member => ProcessMemory.RssBytes(member.Pid)).Where(rss => rss is not null).Select(rss => rss!.Value / 1048576.0)
            .DefaultIfEmpty(double.NaN).Max();

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
