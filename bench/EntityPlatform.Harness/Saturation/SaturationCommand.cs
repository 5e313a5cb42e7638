using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Saturation;

/// <summary>
/// <c>--saturate N [--warmup S]</c>: each system in turn at N closed-loop workers; prints a table and the ratio.
/// With <c>--slow-subscriber MS</c> each system runs twice, on a fresh cluster each time: without a subscriber, then
/// with one that waits MS per event (issue 17: a slow subscriber must not hurt writes); the ratio is with / without.
/// </summary>
public static class SaturationCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> systems, int workers, TimeSpan duration, TimeSpan warmup, TimeSpan? slowSubscriber = null)
    {
        var results = new List<SaturationRun.Result>();
        var runs = systems.SelectMany(name => slowSubscriber is null ? new[] { (name, (TimeSpan?)null) } : new[] { (name, (TimeSpan?)null), (name, slowSubscriber) });
        foreach (var (name, perEvent) in runs)
        {
            await using ISystemUnderTest system = name switch
            {
                "platform" => new PlatformCluster(),
                "etcd" => new EtcdCluster(),
                _ => throw new ArgumentException($"--systems: unknown system '{name}'; expected platform or etcd"),
            };
            using var timeout = new CancellationTokenSource((duration + warmup) * 3 + TimeSpan.FromMinutes(2));
            var subscriber = perEvent is { } wait ? new EntityPlatform.Harness.Events.SlowSubscriber(wait, "s-") : null;
            var result = await SaturationRun.RunAsync(system, workers, duration, warmup, timeout.Token, subscriber is null ? null : subscriber.RunAsync);
            results.Add(subscriber is null ? result : result with { System = $"{result.System} + subscriber reading 1 event / {perEvent!.Value.TotalMilliseconds:0} ms" });
            if (subscriber is not null)
            {
                Console.WriteLine($"slow subscriber read {subscriber.Delivered:N0} events");
            }

            Console.WriteLine($"{results[^1].System}: {results[^1].WritesPerSecond:N0} durable writes/s, p50 {results[^1].P50Ms:0.0} ms, p99 {results[^1].P99Ms:0.0} ms, errors {results[^1].Errors}, CPU {results[^1].CpuMicrosecondsPerWrite:0} µs/write");
        }

        Console.WriteLine();
        Console.WriteLine($"| system | closed-loop workers | durable writes/s | p50 ms | p99 ms | errors | CPU µs/write |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            Console.WriteLine($"| {result.System} | {result.Workers} | {result.WritesPerSecond:N0} | {result.P50Ms:0.0} | {result.P99Ms:0.0} | {result.Errors} | {result.CpuMicrosecondsPerWrite:0} |");
        }

        if (slowSubscriber is not null)
        {
            for (var i = 0; i + 1 < results.Count; i += 2)
            {
                Console.WriteLine($"\nratio with / without the slow subscriber: writes/s {results[i + 1].WritesPerSecond / results[i].WritesPerSecond:0.00}×, p99 {results[i + 1].P99Ms / results[i].P99Ms:0.00}×, CPU/write {results[i + 1].CpuMicrosecondsPerWrite / results[i].CpuMicrosecondsPerWrite:0.00}×");
            }
        }
        else if (results.Count == 2)
        {
            Console.WriteLine($"\nratio {results[0].System} / {results[1].System}: writes/s {results[0].WritesPerSecond / results[1].WritesPerSecond:0.00}×, p99 {results[0].P99Ms / results[1].P99Ms:0.00}×, CPU/write {results[0].CpuMicrosecondsPerWrite / results[1].CpuMicrosecondsPerWrite:0.00}×");
        }

        return 0;
    }
}
