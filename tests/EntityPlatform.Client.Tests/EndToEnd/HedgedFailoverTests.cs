using System.Diagnostics;
using System.Diagnostics.Metrics;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Tests.Cluster;
using EntityPlatform.Samples.Counter;
using Xunit.Abstractions;

namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>
/// Hedged attempts against a real 3-node cluster: workers increment counters on one shard while its leader
/// is paused with SIGSTOP and later resumed. Hedges (the same session and request id sent through the
/// followers) must answer, and every counter must equal its acknowledged increments: a hedged command is
/// applied once. Runs apart from FailoverTests (same collection), so two clusters do not share the CPU.
/// </summary>
[Collection(MultiProcessFailoverCollection.Name)]
public sealed class HedgedFailoverTests(ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly Counter CounterType = new();

    [Fact]
    public async Task Hedged_commands_apply_once_while_the_leader_is_paused()
    {
        var clock = Stopwatch.StartNew();
        using var budget = new CancellationTokenSource(TestBudget);
        using var cluster = NodeCluster.Start(3, SampleTypes.Manifests(shards: 1), "hedge");
        try
        {
            await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(30));
            using var client = new EntityPlatformClient(new EntityPlatformClientOptions
            {
                Endpoints = cluster.Endpoints.ToList(),
                AttemptTimeout = AttemptTimeout,
                DefaultTimeout = TimeSpan.FromSeconds(10),
                MaxAttempts = 30,
                MaxHedgesPerAttempt = 3,
            });
            long hedgesWon = 0;
            using var listener = HedgeListener(client, () => Interlocked.Increment(ref hedgesWon));
            await client.ConnectAsync(budget.Token);
            var logs = Enumerable.Range(0, Workers).Select(i => new WorkerLog("counter", $"hedge-{i}")).ToArray();

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
            var workers = logs.Select(log => Task.Run(() => WorkAsync(client, log, clock, stop.Token))).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(2), budget.Token);
            var leader = await LeaderLookup.LeaderOfAsync(cluster, "counter", logs[0].EntityId);
            Assert.NotEqual(0UL, leader);
            var gapsBefore = logs.Select(log => log.LongestGap).Max();
            cluster.Pause(leader);
            var pausedAt = clock.Elapsed;
            output.WriteLine($"t={pausedAt.TotalSeconds:0.0}s SIGSTOP node {leader}");
            var elected = await NewLeaderAsync(cluster, leader, logs[0].EntityId, budget.Token);
            var electedAfter = clock.Elapsed - pausedAt;
            output.WriteLine($"t={clock.Elapsed.TotalSeconds:0.0}s node {elected} leads ({electedAfter.TotalMilliseconds:0} ms after the pause, as polled)");
            await Task.Delay(TimeSpan.FromSeconds(3), budget.Token);
            cluster.Resume(leader);
            output.WriteLine($"t={clock.Elapsed.TotalSeconds:0.0}s SIGCONT node {leader}");
            await Task.Delay(TimeSpan.FromSeconds(2), budget.Token);
            stop.Cancel();
            await Task.WhenAll(workers);

            foreach (var log in logs)
            {
                var value = await client.Entity(CounterType, "counter", log.EntityId).QueryAsync<long>("value", cancellationToken: budget.Token);
                output.WriteLine($"{log.EntityId}: value {value}, acknowledged {log.Acknowledged} (deduplicated {log.Deduplicated}), " +
                    $"unacknowledged {log.Unacknowledged}, longest gap {log.LongestGap.TotalMilliseconds:0} ms");
                Assert.Equal(0, log.Unacknowledged);
                Assert.Equal(log.Acknowledged, value);
            }

            var longestGap = logs.Select(log => log.LongestGap).Max();
            output.WriteLine($"hedges won {Interlocked.Read(ref hedgesWon)}, longest gap before the pause {gapsBefore.TotalMilliseconds:0} ms, " +
                $"longest gap overall {longestGap.TotalMilliseconds:0} ms, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Assert.True(Interlocked.Read(ref hedgesWon) > 0, "no hedge answered: the paused leader was only left after attempt timeouts");
            // The gap is reported, not asserted: on the shared 2-core machine (load average 25-70) it measured
            // 1.3 s and 4.0 s, dominated by elections delayed by scheduling stalls. The timing of hedges is pinned
            // down by HedgingTests on the fake transport; this test proves exactly-once with real processes.
            output.WriteLine($"the election took {electedAfter.TotalMilliseconds:0} ms (as polled)");
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
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

    private static MeterListener HedgeListener(EntityPlatformClient client, Action won)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == client.Meter && instrument.Name == EntityPlatformClientDiagnostics.Hedges)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "won" })
                {
                    won();
                }
            }
        });
        listener.Start();
        return listener;
    }

    private static async Task WorkAsync(EntityPlatformClient client, WorkerLog log, Stopwatch clock, CancellationToken stop)
    {
        var counter = client.Entity(CounterType, "counter", log.EntityId);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await counter.SendAsync(new CounterCommand.Increment(1));
                Assert.True(result.IsAccepted);
                log.Ack(clock);
                log.Deduplicated += result.Deduplicated ? 1 : 0;
            }
            catch (EntityPlatformException)
            {
                log.Unacknowledged++;
            }
        }
    }
}
