using System.Globalization;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Saturation;

/// <summary>
/// <c>--saturate N [--warmup S] [--repeat R]</c>: each system in turn at N closed-loop workers, R rounds; each round
/// starts one system later in the list (platform, etcd, dotnext; then etcd, dotnext, platform; ...), so on a shared,
/// noisy machine no system always gets the same minutes. Prints every run, then per system the median of its runs
/// and its ratios to the last system of the list (the reference, etcd in issue 18's runs).
/// With <c>--slow-subscriber MS [--pairs P]</c> each system runs P pairs per round, on a fresh cluster each time: without
/// a subscriber and with one that waits MS per event (issue 17: a slow subscriber must not hurt writes). Odd pairs run
/// without first, even pairs with first, so that a drift of the shared machine's load does not favour one side; the
/// ratio is with / without, per pair.
/// <c>platform</c> runs with TLS (the default), <c>platform-plaintext</c> with <c>--insecure</c>: list both for the cost
/// of TLS in one run (issue 15).
/// </summary>
public static class SaturationCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> systems, int workers, TimeSpan duration, TimeSpan warmup, TimeSpan? slowSubscriber = null,
        int pairs = 1, int rounds = 1)
    {
        if (pairs is < 1 or > 10)
        {
            throw new ArgumentException($"--pairs: expected 1 to 10 pairs of runs, got {pairs}");
        }

        if (rounds is < 1 or > 20)
        {
            throw new ArgumentException($"--repeat is {rounds}; expected 1 to 20 rounds");
        }

        var results = new List<SaturationRun.Result>();
        var failures = new List<string>();
        var pairOf = new List<(string System, int Pair, bool WithSubscriber)>();
        for (var round = 0; round < rounds; round++)
        {
            var order = systems.Skip(round % systems.Count).Concat(systems.Take(round % systems.Count));
            var runs = order.SelectMany(name => slowSubscriber is null ? new[] { (name, (TimeSpan?)null, 0) }
                : Enumerable.Range(0, pairs).SelectMany(pair => pair % 2 == 0
                    ? new[] { (name, (TimeSpan?)null, pair), (name, slowSubscriber, pair) }
                    : new[] { (name, slowSubscriber, pair), (name, (TimeSpan?)null, pair) }));
            foreach (var (name, perEvent, pair) in runs)
            {
                await using var system = SystemFactory.Create(name);
                using var timeout = new CancellationTokenSource((duration + warmup) * 3 + TimeSpan.FromMinutes(2));
                var subscriber = perEvent is { } wait ? new EntityPlatform.Harness.Events.SlowSubscriber(wait, "s-") : null;
                SaturationRun.Result result;
                try
                {
                    result = await SaturationRun.RunAsync(system, workers, duration, warmup, timeout.Token, subscriber is null ? null : subscriber.RunAsync);
                }
                catch (Exception error)
                {
                    // One system failing (to start, or within its time limit) on an overloaded machine must not lose the
                    // other runs: say so, go on, and fail the command at the end.
                    failures.Add($"{system.Name} (round {round + 1}): {error.GetType().Name}: {error.Message}");
                    Console.WriteLine($"{system.Name}: run failed: {error.Message}");
                    continue;
                }

                pairOf.Add((name, round * pairs + pair, subscriber is not null));
                results.Add(subscriber is null ? result : result with { System = $"{result.System} + subscriber reading 1 event / {perEvent!.Value.TotalMilliseconds:0} ms" });
                if (subscriber is not null)
                {
                    Console.WriteLine($"slow subscriber read {subscriber.Delivered:N0} events");
                }

                result = results[^1];
                Console.WriteLine($"{result.System}: {result.WritesPerSecond:N0} durable writes/s, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, errors {result.Errors}, " +
                    $"CPU {result.CpuMicrosecondsPerWrite:0} µs/write, start {result.StartSeconds:0.00} s, RSS {result.RssRestMiB:0} → {result.RssLoadMiB:0} MiB, " +
                    $"alloc server {Bytes(result.ServerBytesPerWrite)} B/write client {result.ClientBytesPerWrite:0} B/write, load {result.LoadAverage:0.0}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| run | system | workers | durable writes/s | p50 ms | p99 ms | errors | CPU µs/write | start s | RSS MiB rest → load | server B/write | client B/write | load avg |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1} | {r.System} | {r.Workers} | {r.WritesPerSecond:N0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.Errors} | {r.CpuMicrosecondsPerWrite:0} | {r.StartSeconds:0.00} | {r.RssRestMiB:0} → {r.RssLoadMiB:0} | {Bytes(r.ServerBytesPerWrite)} | {r.ClientBytesPerWrite:0} | {r.LoadAverage:0.0} |"));
        }

        if (results.Count > 0)
        {
            PrintMedians(results);
        }

        if (slowSubscriber is not null)
        {
            PrintSubscriberRatios(results, pairOf);
        }

        PrintTlsCost(results);

        foreach (var failure in failures)
        {
            Console.WriteLine($"failed run: {failure}");
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static void PrintMedians(IReadOnlyList<SaturationRun.Result> results)
    {
        var bySystem = results.GroupBy(r => r.System).ToList();
        var reference = bySystem[^1];
        double Median(IEnumerable<SaturationRun.Result> runs, Func<SaturationRun.Result, double> value)
        {
            var sorted = runs.Select(value).Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var referenceWrites = Median(reference, r => r.WritesPerSecond);
        var referenceP99 = Median(reference, r => r.P99Ms);
        var referenceCpu = Median(reference, r => r.CpuMicrosecondsPerWrite);
        Console.WriteLine();
        Console.WriteLine($"medians over the runs; ratios to {reference.Key}:");
        Console.WriteLine($"| system | runs | durable writes/s | × {reference.Key} | p50 ms | p99 ms | p99 × | CPU µs/write | CPU × | start s | RSS MiB rest → load | server B/write |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var runs in bySystem)
        {
            var writes = Median(runs, r => r.WritesPerSecond);
            var p99 = Median(runs, r => r.P99Ms);
            var cpu = Median(runs, r => r.CpuMicrosecondsPerWrite);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {runs.Key} | {runs.Count()} | {writes:N0} | {writes / referenceWrites:0.00} | {Median(runs, r => r.P50Ms):0.0} | {p99:0.0} | {p99 / referenceP99:0.00} | {cpu:0} | {cpu / referenceCpu:0.00} | " +
                $"{Median(runs, r => r.StartSeconds):0.00} | {Median(runs, r => r.RssRestMiB):0} → {Median(runs, r => r.RssLoadMiB):0} | {Bytes(Median(runs, r => r.ServerBytesPerWrite))} |"));
        }
    }

    /// <summary>Per pair that completed both runs: with the slow subscriber / without.</summary>
    private static void PrintSubscriberRatios(IReadOnlyList<SaturationRun.Result> results, IReadOnlyList<(string System, int Pair, bool WithSubscriber)> pairOf)
    {
        Console.WriteLine();
        foreach (var group in pairOf.Select((run, index) => (run, index)).GroupBy(entry => (entry.run.System, entry.run.Pair)))
        {
            if (group.Count() != 2)
            {
                continue; // one run of the pair failed
            }

            var with = results[group.Single(entry => entry.run.WithSubscriber).index];
            var without = results[group.Single(entry => !entry.run.WithSubscriber).index];
            Console.WriteLine($"ratio with / without the slow subscriber ({group.Key.System}, pair {group.Key.Pair + 1}, {(group.Key.Pair % 2 == 0 ? "without first" : "with first")}): " +
                $"writes/s {with.WritesPerSecond / without.WritesPerSecond:0.00}×, p99 {with.P99Ms / without.P99Ms:0.00}×, CPU/write {with.CpuMicrosecondsPerWrite / without.CpuMicrosecondsPerWrite:0.00}×");
        }
    }

    /// <summary>When both platform and platform-plaintext ran: the mean cost of TLS.</summary>
    private static void PrintTlsCost(IReadOnlyList<SaturationRun.Result> results)
    {
        var secure = results.Where(result => result.System == "EntityPlatform").ToList();
        var plaintext = results.Where(result => result.System == "EntityPlatform (plaintext)").ToList();
        if (secure.Count > 0 && plaintext.Count > 0)
        {
            var (tlsRate, plainRate) = (secure.Average(r => r.WritesPerSecond), plaintext.Average(r => r.WritesPerSecond));
            Console.WriteLine($"\nTLS cost (means of {secure.Count} TLS and {plaintext.Count} plaintext runs): writes/s {tlsRate:N0} vs {plainRate:N0} " +
                $"({(1 - (tlsRate / plainRate)) * 100:0.0}% lower), p50 {secure.Average(r => r.P50Ms):0.0} vs {plaintext.Average(r => r.P50Ms):0.0} ms, " +
                $"p99 {secure.Average(r => r.P99Ms):0.0} vs {plaintext.Average(r => r.P99Ms):0.0} ms, CPU/write {secure.Average(r => r.CpuMicrosecondsPerWrite):0} vs {plaintext.Average(r => r.CpuMicrosecondsPerWrite):0} µs");
        }
    }

    private static string Bytes(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0", CultureInfo.InvariantCulture);
}
