using System.Diagnostics;
using EntityPlatform.Client.Tests.Support;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>
/// A leader that goes silent (SIGSTOP, network partition) answers nothing, so the client only learns of it
/// when an attempt times out. These tests pin down that it learns once: the node is then skipped by every
/// call and by topology refreshes for a break, even while stale Topology answers still name it leader.
/// </summary>
public sealed class SilentLeaderTests
{
    // Each test: node 1 leads, then goes silent (Hung); node 2 wins the election. With ReportedLeader = 1 the
    // Topology answers still name node 1 at the same term, as a refresh that raced the election returns.
    private static FakeCluster SilentLeaderCluster() => new() { Leader = 1 };

    /// <summary>
    /// A connected client whose cluster then loses node 1 to silence; node 2 leads, and Topology still names 1.
    /// Hedging is off: these tests pin the attempt-timeout path, which still runs when hedging is disabled or the
    /// hedge budget is spent (HedgingTests cover the hedged path).
    /// </summary>
    private static async Task<(FakeCluster Cluster, EntityPlatformClient Client)> SilencedLeaderAsync(Action<EntityPlatformClientOptions>? configure = null)
    {
        var cluster = SilentLeaderCluster();
        var client = FakeClients.Create(cluster, options =>
        {
            options.MaxHedgesPerAttempt = 0;
            configure?.Invoke(options);
        });
        await client.ConnectAsync();
        cluster.Hung[1] = true;
        cluster.Leader = 2;
        cluster.ReportedLeader = 1;
        return (cluster, client);
    }

    [Fact]
    public async Task After_one_timed_out_attempt_later_calls_do_not_go_to_the_silent_leader()
    {
        var (cluster, client) = await SilencedLeaderAsync();
        using var _ = client;

        await client.IncrementAsync("c1");
        await Task.Delay(150); // let the refresh that the timeout asked for finish and merge its stale answer
        await client.IncrementAsync("c2");
        await client.IncrementAsync("c3");

        // Only c1's first attempt went to node 1 (c2 and c3 would each add one, and wait out its timeout).
        Assert.Single(cluster.CallsTo(1));
    }

    [Fact]
    public async Task Concurrent_calls_each_lose_at_most_one_attempt_to_the_silent_leader()
    {
        var (cluster, client) = await SilencedLeaderAsync();
        using var _ = client;
        var clock = Stopwatch.StartNew();

        // Calls keep starting for longer than one attempt timeout, like an open-loop load.
        var calls = new List<Task>();
        for (var i = 0; i < 40; i++)
        {
            calls.Add(client.IncrementAsync($"c{i}"));
            await Task.Delay(10);
        }

        await Task.WhenAll(calls);

        var toSilent = cluster.CallsTo(1).GroupBy(call => (call.Session, call.RequestId)).Max(group => group.Count());
        Assert.Equal(1, toSilent);
        Assert.True(clock.ElapsedMilliseconds < 3_000, $"took {clock.ElapsedMilliseconds} ms");
        // Calls that started after the first timeout never touched node 1 (100 ms of slack for a late timer).
        var firstTimeout = cluster.CallsTo(1).Min(call => call.At) + TimeSpan.FromMilliseconds(200);
        Assert.DoesNotContain(cluster.CallsTo(1), call => call.At > firstTimeout + TimeSpan.FromMilliseconds(100));
        Assert.Equal(40, cluster.AppliedCount);
    }

    [Fact]
    public async Task A_refresh_does_not_ask_a_suspect_node_so_it_is_not_held_up_by_it()
    {
        var cluster = SilentLeaderCluster();
        using var client = FakeClients.Create(cluster);
        await client.ConnectAsync();
        cluster.Hung[1] = true;
        cluster.Leader = 2;
        cluster.Term = 2;
        var topologyCallsBefore = cluster.CallsTo(1, "Topology").Count;

        await client.IncrementAsync("c1");
        await client.Refresher.Request("test");

        Assert.Equal(topologyCallsBefore, cluster.CallsTo(1, "Topology").Count);
        Assert.Equal(2UL, client.LeaderMap.Route(new Routing.ShardKey("counter", 0)).LeaderNodeId);
    }

    [Fact]
    public async Task The_silent_node_is_used_again_once_the_break_has_passed()
    {
        var (cluster, client) = await SilencedLeaderAsync(options => options.BreakerBreakDuration = TimeSpan.FromMilliseconds(500));
        using var _ = client;
        await client.IncrementAsync("c1");

        cluster.Hung.Clear();
        cluster.Leader = 1;
        await Task.Delay(600);
        cluster.Calls.Clear();
        await client.Refresher.Request("test");
        await client.IncrementAsync("c2");

        Assert.Contains(cluster.Calls, call => call.NodeId == 1 && call.Method == "Command");
    }
}
