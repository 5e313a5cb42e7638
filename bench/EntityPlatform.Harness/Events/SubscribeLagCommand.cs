using System.Diagnostics;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Events;

/// <summary>
/// <c>--subscribe-lag [--systems platform,etcd] [--rate R] [--seconds S] [--warmup S]</c>: each system in turn, on a
/// fresh 3-member cluster, under the same open-loop writer with one subscriber; prints a table and the ratio.
/// </summary>
public static class SubscribeLagCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> systems, SubscribeLagOptions options)
    {
        options.Validate();
        var results = new List<LagSummary>();
        var clock = Stopwatch.StartNew();
        foreach (var name in systems)
        {
            await using ISystemUnderTest system = name switch
            {
                "platform" => new PlatformCluster(),
                "etcd" => new EtcdCluster(),
                _ => throw new ArgumentException($"--systems: unknown system '{name}'; expected platform or etcd"),
            };
            using var timeout = new CancellationTokenSource((options.Duration + options.Warmup) * 3 + options.Drain + TimeSpan.FromMinutes(2));
            results.Add(await SubscribeLagRun.RunAsync(system, options, () => clock.Elapsed, timeout.Token));
        }

        Console.WriteLine();
        Console.WriteLine("| system | write rate /s | acknowledged | delivered | missing | lag p50 ms | lag p99 ms | lag max ms | events/s delivered | before ack | duplicates |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.System} | {r.Rate:0} | {r.Acknowledged:N0} | {r.Delivered:N0} | {r.Missing} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} | {r.EventsPerSecond:N0} | {r.ArrivedBeforeAck} | {r.Duplicates} |");
        }

        if (results.Count == 2)
        {
            Console.WriteLine($"\nratio {results[0].System} / {results[1].System}: lag p50 {Ratio(results[0].P50Ms, results[1].P50Ms)}, p99 {Ratio(results[0].P99Ms, results[1].P99Ms)}");
        }

        // A lag of 0 (events that beat their acknowledgement) has no meaningful ratio.
        static string Ratio(double a, double b) => b > 0 ? $"{a / b:0.00}×" : "n/a (0 ms)";

        // A run that lost an acknowledged write's event is not a clean measurement.
        return results.All(r => r.Missing == 0 && r.Delivered > 0) ? 0 : 1;
    }
}
