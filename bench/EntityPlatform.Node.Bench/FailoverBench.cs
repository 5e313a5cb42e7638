using System.Diagnostics;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Node.Bench;

/// <summary>
/// Client-observed write downtime after SIGKILL of a shard leader, over many trials: writers keep
/// incrementing entities of one shard; the downtime is the gap from the last acknowledged write before
/// the kill to the first after it. The killed node is restarted and the cluster settles between trials.
/// </summary>
internal static class FailoverBench
{
    public static async Task RunAsync(int trials)
    {
        await using var cluster = new BenchCluster(nodeCount: 3, shards: 8);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(60));
        var downtimes = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            downtimes.Add(await TrialAsync(cluster, trial));
            Console.WriteLine($"failover trial {trial + 1}: {downtimes[^1]:0} ms");
        }

        var sorted = downtimes.Order().ToArray();
        Console.WriteLine($"failover: {trials} leader SIGKILLs, write downtime p50 {ThroughputBench.Percentile(sorted, 0.5):0} ms, " +
            $"p99 {ThroughputBench.Percentile(sorted, 0.99):0} ms, max {sorted[^1]:0} ms");
    }

    private static async Task<double> TrialAsync(BenchCluster cluster, int trial)
    {
        using var client = new DemoClient(cluster.Nodes);
        var entity = $"f-{trial}";
        var acks = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var session = Guid.NewGuid();
            ulong requestId = 0;
            while (!stop.IsCancellationRequested)
            {
                if ((await client.CommandAsync("counter", entity, """{"type":"increment","by":1}""", session, ++requestId, TimeSpan.FromSeconds(10)))?.Accepted is not null)
                {
                    lock (acks)
                    {
                        acks.Add(clock.Elapsed);
                    }
                }
            }
        });
        await Task.Delay(1_000);
        var shard = EntityPlatform.Entities.Routing.StableHash64.ShardOf(entity, cluster.Shards);
        var view = await ClusterView.CollectAsync(cluster.Nodes, cluster.Shards);
        var victim = cluster.Nodes.Single(node => node.Id == view.Leaders[("counter", (uint)shard)]);
        var killedAt = clock.Elapsed;
        NodeProcesses.Kill(victim.Pid);
        await Task.Delay(3_000);
        stop.Cancel();
        await writer;
        cluster.Start(victim.Id);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(1_000);
        lock (acks)
        {
            var before = acks.LastOrDefault(time => time <= killedAt);
            var after = acks.FirstOrDefault(time => time > killedAt);
            return after == TimeSpan.Zero ? double.PositiveInfinity : (after - before).TotalMilliseconds;
        }
    }
}
