using System.Diagnostics;
using EntityPlatform.Client.Tests.Cluster;

namespace EntityPlatform.Client.Tests.EndToEnd;

public sealed partial class FailoverTests
{
    public sealed record Fault(TimeSpan At, string What);

    /// <summary>
    /// Four rounds, each aimed at the current leader of a shard the workers write to: SIGKILL then restart
    /// on the same data and ports; SIGSTOP then SIGCONT (a paused leader holds connections open and answers
    /// nothing, the case a per-attempt deadline and the breaker exist for); then both again on another shard.
    /// </summary>
    private async Task<List<Fault>> InjectFaultsAsync(NodeCluster cluster, WorkerLog[] logs, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var faults = new List<Fault>();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        for (var round = 0; round < 4; round++)
        {
            var target = logs[round % logs.Length];
            var leader = await LeaderLookup.LeaderOfAsync(cluster, target.EntityType, target.EntityId);
            Assert.NotEqual(0UL, leader);
            if (round % 2 == 0)
            {
                cluster.Kill(leader);
                faults.Add(new Fault(clock.Elapsed, $"SIGKILL node {leader} (leader of {target.EntityType}/{target.EntityId})"));
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                cluster.Restart(leader);
                faults.Add(new Fault(clock.Elapsed, $"restart node {leader}"));
            }
            else
            {
                cluster.Pause(leader);
                faults.Add(new Fault(clock.Elapsed, $"SIGSTOP node {leader} (leader of {target.EntityType}/{target.EntityId})"));
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                cluster.Resume(leader);
                faults.Add(new Fault(clock.Elapsed, $"SIGCONT node {leader}"));
            }

            // Let the cluster settle (a restarted node catches up) so the next round finds one leader to hit.
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }

        return faults;
    }

    private void Report(WorkerLog[] logs, List<Fault> faults, TimeSpan elapsed)
    {
        foreach (var fault in faults)
        {
            output.WriteLine($"t={fault.At.TotalSeconds,5:0.0}s {fault.What}");
        }

        foreach (var log in logs)
        {
            output.WriteLine($"{log.EntityType}/{log.EntityId}: acknowledged {log.Acknowledged} (deduplicated {log.Deduplicated}), " +
                $"unacknowledged {log.Unacknowledged}, rejected {log.Rejected}, longest gap between acks {log.LongestGap.TotalMilliseconds:0} ms");
        }

        output.WriteLine($"total acknowledged {logs.Sum(log => log.Acknowledged)}, unacknowledged {logs.Sum(log => log.Unacknowledged)}, test time {elapsed.TotalSeconds:0.0} s");
    }
}
