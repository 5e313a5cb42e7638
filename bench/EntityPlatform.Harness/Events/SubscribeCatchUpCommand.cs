using System.Diagnostics;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Events;

/// <summary>
/// <c>--subscribe-catchup N [--systems platform,etcd]</c>: delivery throughput, each system in turn on a fresh
/// 3-member cluster. N unique values are written and acknowledged first (64 writers), then one subscriber opens
/// from the start of history (ours: SubscribeAsync from the oldest retained offset of every shard; etcd: Watch
/// from revision 1) and reads until every acknowledged value has arrived. Events/s = N / time from opening the
/// subscription to the last value; also per serving node (ours spreads the shards' streams over the nodes,
/// etcd's Watch is served by the one member it was opened on).
/// </summary>
public static class SubscribeCatchUpCommand
{
    private const string KeyPrefix = "catchup/";
    private const int Writers = 64;
    private const int Keys = 64;
    public const int MaxEvents = 2_000_000;

    public static async Task<int> RunAsync(IReadOnlyList<string> systems, int events)
    {
        if (events is < 1 or > MaxEvents)
        {
            throw new ArgumentException($"--subscribe-catchup: expected a number of events in 1..{MaxEvents}, got {events}");
        }

        var results = new List<(string System, double Seconds, double FirstMs, int ServingNodes)>();
        foreach (var name in systems)
        {
            await using ISystemUnderTest system = name switch
            {
                "platform" => new PlatformCluster(),
                "etcd" => new EtcdCluster(),
                _ => throw new ArgumentException($"--systems: unknown system '{name}'; expected platform or etcd"),
            };
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await system.StartAsync(timeout.Token);
            await WriteAllAsync(system, events, timeout.Token);
            var (seconds, firstMs) = await ReadAllAsync(system, events, timeout.Token);
            results.Add((system.Name, seconds, firstMs, name == "platform" ? 3 : 1));
            Console.WriteLine($"{system.Name}: {events:N0} events delivered in {seconds:0.000} s");
        }

        Console.WriteLine();
        Console.WriteLine("| system | events | first event ms | seconds | events/s | serving nodes | events/s per serving node |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.System} | {events:N0} | {r.FirstMs:0.0} | {r.Seconds:0.000} | {events / r.Seconds:N0} | {r.ServingNodes} | {events / r.Seconds / r.ServingNodes:N0} |");
        }

        if (results.Count == 2)
        {
            Console.WriteLine($"\nratio {results[0].System} / {results[1].System}: events/s {results[1].Seconds / results[0].Seconds:0.00}×");
        }

        return 0;
    }

    /// <summary>Writes the values 1..N, each once, to 64 keys from 64 writers; every write must be acknowledged.</summary>
    private static async Task WriteAllAsync(ISystemUnderTest system, int events, CancellationToken cancellationToken)
    {
        var next = 0L;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            long value;
            while ((value = Interlocked.Increment(ref next)) <= events)
            {
                await system.MutateAsync($"{KeyPrefix}{value % Keys}", value, TimeSpan.FromSeconds(30), cancellationToken);
            }
        }, cancellationToken)));
    }

    /// <summary>Opens the subscription from the start and reads until all N values arrived: (seconds to the last, ms to the first).</summary>
    private static async Task<(double Seconds, double FirstMs)> ReadAllAsync(ISystemUnderTest system, int events, CancellationToken cancellationToken)
    {
        var seen = new bool[events + 1];
        var remaining = events;
        var firstMs = double.NaN;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await foreach (var value in system.WrittenValuesAsync(KeyPrefix, stop.Token, fromStart: true))
        {
            if (double.IsNaN(firstMs))
            {
                firstMs = clock.Elapsed.TotalMilliseconds;
            }

            if (value >= 1 && value <= events && !seen[value])
            {
                seen[value] = true;
                if (--remaining == 0)
                {
                    break;
                }
            }
        }

        Invariant.Assert(remaining == 0, $"{system.Name}: the subscription ended with {remaining} acknowledged values not delivered");
        return (clock.Elapsed.TotalSeconds, firstMs);
    }
}
