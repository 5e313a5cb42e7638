using System.Diagnostics;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.LocalMode;

public static partial class Demo
{
    /// <summary>One writer's record: its counter, what was acknowledged, and when.</summary>
    private sealed class WriterLog(string counterId)
    {
        public string CounterId { get; } = counterId;
        public List<TimeSpan> AckTimes { get; } = [];
        public long Acknowledged { get; set; }
        public long Unanswered { get; set; }
    }

    public sealed record FailoverOutcome(ulong KilledNode, string KilledShard, TimeSpan KillTime, IReadOnlyList<TimeSpan> Downtimes,
        long Acknowledged, long Unanswered, IReadOnlyList<string> Lost);

    private static async Task<FailoverOutcome> FailoverAsync(LocalState state, DemoClient client, TimeSpan duration, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"== failover: {Writers} clients keep incrementing counters; the leader of one shard gets SIGKILL");
        var catalog = ClusterFile.Load(state.ClusterFile).Catalog();
        var writers = Enumerable.Range(0, Writers).Select(i => new WriterLog($"demo-{i}")).ToArray();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var tasks = writers.Select(writer => Task.Run(() => WriteLoopAsync(client, writer, clock, stop.Token))).ToArray();

        await Task.Delay(duration / 3);
        var victimShard = catalog.ShardOf("counter", writers[0].CounterId);
        var view = await ClusterView.CollectAsync(state, 0);
        var victim = view.Leaders[(victimShard.EntityType, (uint)victimShard.Shard)];
        NodeProcesses.Kill(state.Nodes.Single(node => node.Id == victim).Pid);
        var killedAt = clock.Elapsed;
        output.WriteLine($"  t={killedAt.TotalSeconds:0.00}s SIGKILL node {victim}, leader of {victimShard} (and of {view.Leaders.Values.Count(l => l == victim) - 1} other shards)");

        await Task.Delay(duration - clock.Elapsed);
        stop.Cancel();
        await Task.WhenAll(tasks);
        client.Forget(victim);

        // The view taken at the kill may lack a shard whose leader was changing then (seen on a loaded machine): such a
        // shard was not led by the victim as far as anyone knew, so its writers are not counted as affected.
        var affected = writers.Where(writer =>
            view.Leaders.TryGetValue(("counter", (uint)catalog.ShardOf("counter", writer.CounterId).Shard), out var leader) && leader == victim);
        var downtimes = affected.Select(writer => DowntimeAround(writer, killedAt)).ToArray();
        var lost = new List<string>();
        foreach (var writer in writers)
        {
            var value = long.Parse(await client.QueryAsync("counter", writer.CounterId, "value"));
            // Each increment is retried with the same request id until answered, so it applies at most once:
            // the value is the acknowledged count plus any unanswered increment that did commit.
            if (value < writer.Acknowledged || value > writer.Acknowledged + writer.Unanswered)
            {
                lost.Add($"{writer.CounterId}: value {value}, acknowledged {writer.Acknowledged}, unanswered {writer.Unanswered}");
            }
        }

        return new FailoverOutcome(victim, victimShard.ToString(), killedAt, downtimes,
            writers.Sum(writer => writer.Acknowledged), writers.Sum(writer => writer.Unanswered), lost);
    }

    private static async Task WriteLoopAsync(DemoClient client, WriterLog writer, Stopwatch clock, CancellationToken stop)
    {
        var session = Guid.CreateVersion7();
        ulong requestId = 0;
        while (!stop.IsCancellationRequested)
        {
            var reply = await client.CommandAsync("counter", writer.CounterId, """{"type":"increment","by":1}""", session, ++requestId, TimeSpan.FromSeconds(10));
            if (reply?.Accepted is not null)
            {
                writer.Acknowledged++;
                writer.AckTimes.Add(clock.Elapsed);
            }
            else
            {
                writer.Unanswered++;
            }
        }
    }

    /// <summary>The gap a writer saw: from its last acknowledged write before the kill to its first one after.</summary>
    private static TimeSpan DowntimeAround(WriterLog writer, TimeSpan killedAt)
    {
        var before = writer.AckTimes.LastOrDefault(time => time <= killedAt);
        var after = writer.AckTimes.FirstOrDefault(time => time > killedAt);
        return after == TimeSpan.Zero ? TimeSpan.MaxValue : after - before;
    }

    private static bool Report(FailoverOutcome outcome, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== result");
        var sorted = outcome.Downtimes.Order().ToArray();
        if (sorted.Length > 0)
        {
            var text = string.Join(", ", sorted.Select(d => d == TimeSpan.MaxValue ? "never recovered" : $"{d.TotalMilliseconds:0} ms"));
            output.WriteLine($"  write downtime seen by the {sorted.Length} clients of shards led by node {outcome.KilledNode}: {text}");
            output.WriteLine($"  worst: {(sorted[^1] == TimeSpan.MaxValue ? "never recovered" : $"{sorted[^1].TotalMilliseconds:0} ms")} (the system we learn from took 6,000 ms)");
        }

        output.WriteLine($"  writes acknowledged: {outcome.Acknowledged}; unanswered within their 10 s deadline: {outcome.Unanswered}");
        if (outcome.Lost.Count == 0)
        {
            output.WriteLine("  no acknowledged write was lost, and none was applied twice: every counter equals its acknowledged increments");
            return sorted.All(d => d != TimeSpan.MaxValue);
        }

        foreach (var line in outcome.Lost)
        {
            output.WriteLine($"  MISMATCH {line}");
        }

        return false;
    }
}
