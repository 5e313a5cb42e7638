using System.Diagnostics;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Node.Bench;

/// <summary>
/// Durable replicated commands per second on a 3-node cluster (64 shards, many entities): closed-loop
/// clients, each command acknowledged only after it is fsynced on a quorum and applied on the leader.
/// </summary>
internal static class ThroughputBench
{
    public static async Task RunAsync(int shards, int clients, TimeSpan duration)
    {
        await using var cluster = new BenchCluster(nodeCount: 3, shards);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(60));
        using var client = new DemoClient(cluster.Nodes);
        var latencies = new List<double>[clients];
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var warmup = TimeSpan.FromSeconds(2);
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            var session = Guid.CreateVersion7();
            ulong requestId = 0;
            var random = new Random(c);
            while (!stop.IsCancellationRequested)
            {
                var entity = $"e-{random.Next(100_000)}";
                var started = clock.Elapsed;
                var reply = await client.CommandAsync("counter", entity, """{"type":"increment","by":1}""", session, ++requestId, TimeSpan.FromSeconds(10));
                if (reply?.Accepted is not null && started > warmup)
                {
                    latencies[c].Add((clock.Elapsed - started).TotalMilliseconds);
                }
            }
        })).ToArray();
        await Task.Delay(warmup + duration);
        stop.Cancel();
        await Task.WhenAll(tasks);
        var all = latencies.SelectMany(list => list).Order().ToArray();
        Console.WriteLine($"throughput: {all.Length / duration.TotalSeconds:N0} durable replicated commands/s with {clients} closed-loop clients, " +
            $"{shards} shards, 3 nodes; latency p50 {Percentile(all, 0.50):0.00} ms, p99 {Percentile(all, 0.99):0.00} ms");
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
