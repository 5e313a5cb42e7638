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
        for (var trial = 0; downtimes.Count < trials && trial < trials * 3; trial++)
        {
            var downtime = await TrialAsync(cluster, trial);
            if (downtime is { } measured)
            {
                downtimes.Add(measured);
                Console.WriteLine($"failover trial {downtimes.Count}: {measured:0} ms");
            }
            else
            {
                Console.WriteLine("failover trial skipped: leadership moved before the kill (no election followed)");
            }
        }

        var sorted = downtimes.Order().ToArray();
        Console.WriteLine($"failover: {trials} leader SIGKILLs, write downtime p50 {ThroughputBench.Percentile(sorted, 0.5):0} ms, " +
            $"p99 {ThroughputBench.Percentile(sorted, 0.99):0} ms, max {sorted[^1]:0} ms");
    }

    private static async Task<double?> TrialAsync(BenchCluster cluster, int trial)
    {
        using var client = new DemoClient(cluster.Nodes);
        var entity = $"f-{trial}";
        var acks = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var session = Guid.CreateVersion7();
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
        var (leader, termBefore) = await LeaderAndTermAsync(cluster, shard);
        var victim = cluster.Nodes.Single(node => node.Id == leader);
        NodeProcesses.Kill(victim.Pid);
        var killedAt = clock.Elapsed;
        await Task.Delay(3_000);
        var (_, termAfter) = await LeaderAndTermAsync(cluster, shard);
        stop.Cancel();
        await writer;
        cluster.Start(victim.Id);
        await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(60));
        // Let preferred-leader moves (5 s cooldown) settle, so the next trial kills a stable leader.
        await Task.Delay(6_000);
        if (termAfter <= termBefore)
        {
            return null;
        }

        lock (acks)
        {
            var before = acks.LastOrDefault(time => time <= killedAt);
            var after = acks.FirstOrDefault(time => time > killedAt);
            return after == TimeSpan.Zero ? double.PositiveInfinity : (after - before).TotalMilliseconds;
        }
    }

    /// <summary>The shard's leader and term as its leader reports them (0, 0 when none is found).</summary>
    private static async Task<(ulong Leader, ulong Term)> LeaderAndTermAsync(BenchCluster cluster, int shard)
    {
        foreach (var node in cluster.Nodes.Where(n => NodeProcesses.IsRunning(n.Pid)))
        {
            using var channel = EntityPlatform.Contracts.Wire.Channels.Create(node.InternalAddress);
            try
            {
                var status = await new EntityPlatform.Grpc.Api.V1.AdminService.AdminServiceClient(channel).StatusAsync(new EntityPlatform.Grpc.Api.V1.StatusRequest(),
                    deadline: DateTime.UtcNow.AddSeconds(1));
                var replica = status.Shards.FirstOrDefault(s => s.EntityType == "counter" && s.ShardId == (uint)shard && s.Role == EntityPlatform.Grpc.Api.V1.ReplicaRole.Leader);
                if (replica is not null)
                {
                    return (node.Id, replica.Term);
                }
            }
            catch (Exception error) when (error is global::Grpc.Core.RpcException or HttpRequestException or OperationCanceledException)
            {
            }
        }

        return (0, 0);
    }
}
