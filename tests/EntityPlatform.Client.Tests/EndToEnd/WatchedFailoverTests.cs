using System.Diagnostics;
using EntityPlatform.Client.Tests.Cluster;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Samples.Counter;
using Xunit.Abstractions;

namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>
/// Issue 19 against a real 3-node cluster, with hedging OFF so that only the topology watch (and the nodes'
/// wait for a leader) can move a call before its attempt timeout: workers increment counters on one shard
/// while its leader is paused (SIGSTOP) or stopped gracefully (SIGTERM: it hands leadership over first).
/// Every counter must equal its acknowledged increments, and no call may fail.
/// </summary>
[Collection(MultiProcessFailoverCollection.Name)]
public sealed class WatchedFailoverTests(ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly Counter CounterType = new();

    /// <summary>Replies the leader sent just before SIGSTOP took effect may still arrive this long after it.</summary>
    private static readonly TimeSpan InFlightReplies = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Writes_resume_soon_after_the_election_when_the_leader_is_paused()
    {
        await RunAsync("watch-pause", async (cluster, leader, logs, clock, token) =>
        {
            cluster.Pause(leader);
            var pausedAt = clock.Elapsed;
            var elected = await NewLeaderAsync(cluster, leader, logs[0].EntityId, token);
            var electedAt = clock.Elapsed;
            output.WriteLine($"SIGSTOP node {leader}; node {elected} leads {(electedAt - pausedAt).TotalMilliseconds:0} ms later (as polled every 20 ms)");
            await Eventually(() => logs.All(log => log.LastAck > electedAt), TimeSpan.FromSeconds(10), "every worker acknowledged after the election", token);
            var firstResumed = logs.Select(log => FirstAckAfter(log, pausedAt + InFlightReplies)).Max() - electedAt;
            output.WriteLine($"every worker had an ack within {firstResumed.TotalMilliseconds:0} ms of the election being seen");
            // Without the watch, each worker waits at the paused leader for its attempt timeout (1 s after the
            // pause); with it, it moves as soon as any node reports the new leader. The bound leaves room for
            // the polling granularity and a loaded machine, yet is far below an attempt timeout after the election.
            Assert.True(firstResumed < AttemptTimeout / 2,
                $"a worker's first ack after the pause came {firstResumed.TotalMilliseconds:0} ms after the election was seen");
            cluster.Resume(leader);
        });
    }

    [Fact]
    public async Task A_drained_leader_costs_no_failed_call()
    {
        await RunAsync("watch-drain", async (cluster, leader, logs, clock, token) =>
        {
            var pid = cluster.Node(leader).Pid;
            var before = clock.Elapsed;
            NodeLauncher.Signal(pid, "TERM");
            await Eventually(() => !NodeProcesses.IsRunning(pid), TimeSpan.FromSeconds(20), $"node {leader} exited after SIGTERM", token);
            output.WriteLine($"SIGTERM node {leader}: exited {(clock.Elapsed - before).TotalMilliseconds:0} ms later");
            var stoppedAt = clock.Elapsed;
            await Eventually(() => logs.All(log => log.LastAck > stoppedAt), TimeSpan.FromSeconds(10), "every worker acknowledged after the stop", token);
        });
    }

    private delegate Task Fault(NodeCluster cluster, ulong leader, WorkerLog[] logs, Stopwatch clock, CancellationToken token);

    private async Task RunAsync(string name, Fault fault)
    {
        var clock = Stopwatch.StartNew();
        using var budget = new CancellationTokenSource(TestBudget);
        using var cluster = NodeCluster.Start(3, SampleTypes.Manifests(shards: 1), name);
        try
        {
            await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(30));
            using var client = new EntityPlatformClient(new EntityPlatformClientOptions
            {
                Endpoints = cluster.Endpoints.ToList(),
                AttemptTimeout = AttemptTimeout,
                DefaultTimeout = TimeSpan.FromSeconds(10),
                MaxAttempts = 30,
                MaxHedgesPerAttempt = 0,
                TopologyWatchNodes = 3,
            });
            await client.ConnectAsync(budget.Token);
            await Eventually(() => client.Watcher.Watched.Count == 3 && client.Watcher.Answers >= 3, TimeSpan.FromSeconds(10), "the client watches every node", budget.Token);
            var logs = Enumerable.Range(0, Workers).Select(i => new WorkerLog("counter", $"{name}-{i}")).ToArray();
            var acks = logs.ToDictionary(log => log, _ => new List<TimeSpan>());
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
            var workers = logs.Select(log => Task.Run(() => WorkAsync(client, log, acks[log], clock, stop.Token))).ToArray();
            await Eventually(() => logs.All(log => log.Acknowledged >= 20), TimeSpan.FromSeconds(20), "every worker is writing", budget.Token);
            var leader = await LeaderLookup.LeaderOfAsync(cluster, "counter", logs[0].EntityId);
            Assert.NotEqual(0UL, leader);
            var gapBefore = logs.Max(log => log.LongestGap);
            firstAcks = acks;

            await fault(cluster, leader, logs, clock, budget.Token);

            var faultEnd = clock.Elapsed;
            await Eventually(() => logs.All(log => log.LastAck > faultEnd + TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(20), "writes go on", budget.Token);
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            foreach (var log in logs)
            {
                var value = await client.Entity(CounterType, "counter", log.EntityId).QueryAsync<long>("value", cancellationToken: budget.Token);
                output.WriteLine($"{log.EntityId}: value {value}, acknowledged {log.Acknowledged} (deduplicated {log.Deduplicated}), " +
                    $"unacknowledged {log.Unacknowledged}, longest gap {log.LongestGap.TotalMilliseconds:0} ms");
                Assert.Equal(0, log.Unacknowledged);
                Assert.Equal(log.Acknowledged, value);
            }

            output.WriteLine($"longest gap between acks: before the fault {gapBefore.TotalMilliseconds:0} ms, overall {logs.Max(log => log.LongestGap).TotalMilliseconds:0} ms; " +
                $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private Dictionary<WorkerLog, List<TimeSpan>> firstAcks = [];

    /// <summary>The worker's first acknowledgement after <paramref name="after"/>.</summary>
    private TimeSpan FirstAckAfter(WorkerLog log, TimeSpan after)
    {
        lock (firstAcks[log])
        {
            return firstAcks[log].First(at => at > after);
        }
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout, string what, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"{what}: not within {timeout.TotalSeconds:0} s");
            await Task.Delay(10, token);
        }
    }

    /// <summary>Polls the nodes (every 20 ms, within the test's budget) until one other than <paramref name="old"/> leads the entity's shard.</summary>
    private static async Task<ulong> NewLeaderAsync(NodeCluster cluster, ulong old, string entityId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var leader = await LeaderLookup.LeaderOfAsync(cluster, "counter", entityId);
            if (leader != 0 && leader != old)
            {
                return leader;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task WorkAsync(EntityPlatformClient client, WorkerLog log, List<TimeSpan> acks, Stopwatch clock, CancellationToken stop)
    {
        var counter = client.Entity(CounterType, "counter", log.EntityId);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await counter.SendAsync(new CounterCommand.Increment(1));
                Assert.True(result.IsAccepted);
                log.Ack(clock);
                lock (acks)
                {
                    acks.Add(clock.Elapsed);
                }

                log.Deduplicated += result.Deduplicated ? 1 : 0;
            }
            catch (EntityPlatformException)
            {
                log.Unacknowledged++;
            }
        }
    }
}
