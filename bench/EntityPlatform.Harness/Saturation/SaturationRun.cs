using System.Diagnostics;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Saturation;

/// <summary>
/// Maximum durable write throughput: closed-loop workers (each waits for its write to be acknowledged
/// before sending the next) on many keys, through the same <see cref="ISystemUnderTest"/> client for both
/// systems, after a warm-up. Complements the open-loop failover run, which holds the offered rate fixed.
/// </summary>
public static class SaturationRun
{
    /// <param name="CpuMicrosecondsPerWrite">CPU time of the harness and the system's processes during the measured
    /// window, per acknowledged write (NaN where /proc is unavailable).</param>
    public sealed record Result(string System, int Workers, double WritesPerSecond, double P50Ms, double P99Ms, long Errors, double CpuMicrosecondsPerWrite);

    /// <param name="warmup">Load before measuring: lets the JIT's tiered recompilation of the hot path (ours; etcd is
    /// compiled ahead of time) finish, so the window measures the steady state.</param>
    /// <param name="alongside">Runs beside the workers from the start until the measured window ends (the slow
    /// subscriber of <c>--slow-subscriber</c>); cancelled then, and its failure fails the run.</param>
    public static async Task<Result> RunAsync(ISystemUnderTest system, int workers, TimeSpan duration, TimeSpan warmup, CancellationToken cancellationToken,
        Func<ISystemUnderTest, CancellationToken, Task>? alongside = null)
    {
        await system.StartAsync(cancellationToken);
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
        await Task.Delay(duration, cancellationToken);
        var cpuAfter = ProcessTreeCpu.TryRead();
        stop.Cancel();
        await Task.WhenAll(tasks);
        await stopAlongside.CancelAsync();
        await beside;
        var sorted = latencies.SelectMany(list => list).Order().ToArray();
        var cpuPerWrite = cpuBefore is { } before && cpuAfter is { } after && sorted.Length > 0
            ? (after - before).TotalMicroseconds / sorted.Length
            : double.NaN;
        return new Result(system.Name, workers, sorted.Length / duration.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), errors, cpuPerWrite);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
