using System.Diagnostics;
using EntityPlatform.Client.Tests.Cluster;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Client.Bench;

/// <summary>
/// Callers keep incrementing counters through the SDK while the leader of caller 0's shard is SIGKILLed (or
/// SIGSTOPped). For the callers whose shard that node led, it measures the slowest single command and the
/// gap between acknowledgements around the fault: the failover's cost as the application sees it.
/// </summary>
internal static class FailoverRun
{
    private static readonly Counter CounterType = new();

    public sealed record Result(string Fault, int AffectedCallers, double BaselineP50Ms, double BaselineP99Ms, double WorstCommandMs, double WorstGapMs, long Failed);

    public static async Task<Result> RunAsync(NodeCluster cluster, EntityPlatformClient client, int callers, bool pause)
    {
        var clock = Stopwatch.StartNew();
        var ackTimes = Enumerable.Range(0, callers).Select(_ => new List<TimeSpan>()).ToArray();
        var latencies = Enumerable.Range(0, callers).Select(_ => new List<(TimeSpan Start, TimeSpan Latency)>()).ToArray();
        long failed = 0;
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            var counter = client.Entity(CounterType, "counter", $"failover-{i}");
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                try
                {
                    await counter.SendAsync(new CounterCommand.Increment(1));
                    ackTimes[i].Add(clock.Elapsed);
                    latencies[i].Add((started, clock.Elapsed - started));
                }
                catch (EntityPlatformException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var victim = await LeaderLookup.LeaderOfAsync(cluster, "counter", "failover-0");
        var affected = new List<int>();
        for (var i = 0; i < callers; i++)
        {
            if (await LeaderLookup.LeaderOfAsync(cluster, "counter", $"failover-{i}") == victim)
            {
                affected.Add(i);
            }
        }

        var faultAt = clock.Elapsed;
        if (pause)
        {
            cluster.Pause(victim);
        }
        else
        {
            cluster.Kill(victim);
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        stop.Cancel();
        await Task.WhenAll(tasks);
        if (pause)
        {
            cluster.Resume(victim);
        }
        else
        {
            cluster.Restart(victim);
        }

        var before = latencies.SelectMany(list => list).Where(sample => sample.Start + sample.Latency < faultAt).Select(sample => sample.Latency.TotalMilliseconds).Order().ToArray();
        var worstCommand = affected.SelectMany(i => latencies[i]).Where(sample => sample.Start + sample.Latency > faultAt).Max(sample => sample.Latency.TotalMilliseconds);
        var worstGap = affected.Max(i => Gap(ackTimes[i], faultAt));
        return new Result(pause ? $"SIGSTOP node {victim}" : $"SIGKILL node {victim}", affected.Count,
            before[before.Length / 2], before[(int)(before.Length * 0.99)], worstCommand, worstGap, failed);
    }

    /// <summary>
    /// The longest stretch without an acknowledgement from one second before the fault to the end. Commands
    /// already committed when the signal lands still complete just after it, so the outage shows as a gap
    /// between two later acknowledgements, not necessarily the one straddling the fault.
    /// </summary>
    private static double Gap(List<TimeSpan> acks, TimeSpan faultAt)
    {
        var window = acks.Where(time => time >= faultAt - TimeSpan.FromSeconds(1)).ToArray();
        return window.Length < 2 ? double.PositiveInfinity : window.Zip(window.Skip(1), (a, b) => (b - a).TotalMilliseconds).Max();
    }
}
