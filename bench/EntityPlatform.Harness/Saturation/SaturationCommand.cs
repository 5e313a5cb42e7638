using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Saturation;

/// <summary>
/// <c>--saturate N [--warmup S]</c>: each system in turn at N closed-loop workers; prints a table and the ratio.
/// With <c>--slow-subscriber MS [--pairs P]</c> each system runs P pairs, on a fresh cluster each time: without a
/// subscriber and with one that waits MS per event (issue 17: a slow subscriber must not hurt writes). Odd pairs run
/// without first, even pairs with first, so that a drift of the shared machine's load does not favour one side; the
/// ratio is with / without, per pair.
///
/// <c>platform</c> runs with TLS (the default), <c>platform-plaintext</c> with <c>--insecure</c>: list both, alternating
/// (e.g. <c>--systems platform,platform-plaintext,platform,platform-plaintext</c>), for the cost of TLS in one run.
/// </summary>
public static class SaturationCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> systems, int workers, TimeSpan duration, TimeSpan warmup, TimeSpan? slowSubscriber = null, int pairs = 1)
    {
        if (pairs is < 1 or > 10)
        {
            throw new ArgumentException($"--pairs: expected 1 to 10 pairs of runs, got {pairs}");
        }

        var results = new List<SaturationRun.Result>();
        var pairOf = new List<(string System, int Pair, bool WithSubscriber)>();
        var runs = systems.SelectMany(name => slowSubscriber is null ? new[] { (name, (TimeSpan?)null, 0) }
            : Enumerable.Range(0, pairs).SelectMany(pair => pair % 2 == 0
                ? new[] { (name, (TimeSpan?)null, pair), (name, slowSubscriber, pair) }
                : new[] { (name, slowSubscriber, pair), (name, (TimeSpan?)null, pair) }));
        foreach (var (name, perEvent, pair) in runs)
        {
            await using ISystemUnderTest system = name switch
            {
                "platform" => new PlatformCluster(),
                "platform-plaintext" => new PlatformCluster(tls: false),
                "etcd" => new EtcdCluster(),
                _ => throw new ArgumentException($"--systems: unknown system '{name}'; expected platform, platform-plaintext or etcd"),
            };
            using var timeout = new CancellationTokenSource((duration + warmup) * 3 + TimeSpan.FromMinutes(2));
            var subscriber = perEvent is { } wait ? new EntityPlatform.Harness.Events.SlowSubscriber(wait, "s-") : null;
            var result = await SaturationRun.RunAsync(system, workers, duration, warmup, timeout.Token, subscriber is null ? null : subscriber.RunAsync);
            pairOf.Add((name, pair, subscriber is not null));
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

        var secure = results.Where(result => result.System == "EntityPlatform").ToList();
        var plaintext = results.Where(result => result.System == "EntityPlatform (plaintext)").ToList();
        if (slowSubscriber is not null)
        {
            Console.WriteLine();
            foreach (var group in pairOf.Select((run, index) => (run, index)).GroupBy(entry => (entry.run.System, entry.run.Pair)))
            {
                var with = results[group.Single(entry => entry.run.WithSubscriber).index];
                var without = results[group.Single(entry => !entry.run.WithSubscriber).index];
                Console.WriteLine($"ratio with / without the slow subscriber ({group.Key.System}, pair {group.Key.Pair + 1}, {(group.Key.Pair % 2 == 0 ? "without first" : "with first")}): writes/s {with.WritesPerSecond / without.WritesPerSecond:0.00}×, p99 {with.P99Ms / without.P99Ms:0.00}×, CPU/write {with.CpuMicrosecondsPerWrite / without.CpuMicrosecondsPerWrite:0.00}×");
            }
        }
        else if (secure.Count > 0 && plaintext.Count > 0)
        {
            var (tlsRate, plainRate) = (secure.Average(r => r.WritesPerSecond), plaintext.Average(r => r.WritesPerSecond));
            Console.WriteLine($"\nTLS cost (means of {secure.Count} TLS and {plaintext.Count} plaintext runs): writes/s {tlsRate:N0} vs {plainRate:N0} " +
                $"({(1 - (tlsRate / plainRate)) * 100:0.0}% lower), p50 {secure.Average(r => r.P50Ms):0.0} vs {plaintext.Average(r => r.P50Ms):0.0} ms, " +
                $"p99 {secure.Average(r => r.P99Ms):0.0} vs {plaintext.Average(r => r.P99Ms):0.0} ms");
        }
        else if (results.Count == 2)
        {
            Console.WriteLine($"\nratio {results[0].System} / {results[1].System}: writes/s {results[0].WritesPerSecond / results[1].WritesPerSecond:0.00}×, p99 {results[0].P99Ms / results[1].P99Ms:0.00}×, CPU/write {results[0].CpuMicrosecondsPerWrite / results[1].CpuMicrosecondsPerWrite:0.00}×");
        }

        return 0;
    }
}
