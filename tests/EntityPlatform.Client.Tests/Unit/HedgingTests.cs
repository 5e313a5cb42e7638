using System.Diagnostics;
using EntityPlatform.Client.Tests.Support;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>
/// Hedged attempts on a fake transport: a silent leader costs a call about one hedge delay instead of an
/// attempt timeout; the loser is cancelled; a command sent twice is applied once; reads are hedged too;
/// and the client never has more hedges in flight than its budget.
/// </summary>
public sealed class HedgingTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A connected client; then node 1, the leader, goes silent. The other nodes forward, as real followers do.</summary>
    private static async Task<(FakeCluster Cluster, EntityPlatformClient Client)> SilentLeaderAsync(Action<EntityPlatformClientOptions>? configure = null)
    {
        var cluster = new FakeCluster { Leader = 1, NonLeadersForward = true };
        var client = FakeClients.Create(cluster, options =>
        {
            options.AttemptTimeout = AttemptTimeout;
            options.HedgeDelayMax = TimeSpan.FromMilliseconds(50);
            options.MaxHedgesPerAttempt = 3;
            configure?.Invoke(options);
        });
        await client.ConnectAsync();
        cluster.Hung[1] = true;
        return (cluster, client);
    }

    [Fact]
    public async Task A_silent_leader_costs_a_hedge_delay_not_an_attempt_timeout()
    {
        var (cluster, client) = await SilentLeaderAsync();
        using var _ = client;
        var clock = Stopwatch.StartNew();

        await client.IncrementAsync("c1");

        Assert.True(clock.Elapsed < AttemptTimeout / 2, $"took {clock.ElapsedMilliseconds} ms");
        var sent = Assert.Single(cluster.CallsTo(1));
        Assert.Contains(cluster.Calls, call => call.NodeId != 1 && call.Session == sent.Session && call.RequestId == sent.RequestId);
        Assert.Equal(1, cluster.AppliedCount);
    }

    [Fact]
    public async Task Without_hedging_the_same_call_waits_out_the_attempt_timeout()
    {
        var (_, client) = await SilentLeaderAsync(options => options.MaxHedgesPerAttempt = 0);
        using var _ = client;
        var clock = Stopwatch.StartNew();

        await client.IncrementAsync("c1");

        Assert.True(clock.Elapsed >= AttemptTimeout - TimeSpan.FromMilliseconds(50), $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_leader_silent_for_the_whole_hedge_ceiling_is_skipped_by_later_calls()
    {
        // Topology keeps naming node 1 (a refresh that raced the election): only the hedge's lesson keeps calls away.
        var (cluster, client) = await SilentLeaderAsync(options => options.BreakerBreakDuration = TimeSpan.FromSeconds(5));
        using var _ = client;

        await client.IncrementAsync("c1");
        await client.IncrementAsync("c2");
        await client.IncrementAsync("c3");

        Assert.Single(cluster.CallsTo(1));
        Assert.Equal(3, cluster.AppliedCount);
    }

    [Fact]
    public async Task The_losing_attempt_is_cancelled()
    {
        var (cluster, client) = await SilentLeaderAsync();
        using var _ = client;

        await client.IncrementAsync("c1");

        // Cancelled long before its own deadline (the attempt timeout) would have ended it.
        await Eventually.TrueAsync(() => cluster.CancelledCalls.Any(call => call.NodeId == 1), AttemptTimeout / 2, "the silent leader's attempt is cancelled");
    }

    [Fact]
    public async Task A_command_that_reached_the_leader_and_its_hedge_is_applied_once()
    {
        // Node 1 applies at once but holds its reply back: the hedge through node 2 reaches the same state.
        var cluster = new FakeCluster { Leader = 1, NonLeadersForward = true };
        using var client = FakeClients.Create(cluster, options =>
        {
            options.AttemptTimeout = AttemptTimeout;
            options.HedgeDelayMax = TimeSpan.FromMilliseconds(50);
            options.MaxHedgesPerAttempt = 3;
        });
        await client.ConnectAsync();
        cluster.ReplyDelay[1] = TimeSpan.FromSeconds(5);

        var reply = await client.IncrementAsync("c1");

        Assert.True(reply.Accepted.Deduplicated, "the hedge's answer is the deduplicated one");
        Assert.Equal(1, cluster.AppliedCount);
        var attempts = cluster.Calls.Where(call => call.Method == "Command").GroupBy(call => (call.Session, call.RequestId)).Single();
        // Two nodes at least (a loaded machine may let a second hedge go out before the first answers).
        Assert.True(attempts.Select(call => call.NodeId).Distinct().Count() >= 2, "the command went to the leader and to a hedge node");
    }

    [Fact]
    public async Task Reads_are_hedged_too()
    {
        var (cluster, client) = await SilentLeaderAsync();
        using var _ = client;
        var clock = Stopwatch.StartNew();

        var reply = await client.QueryAsync("counter", "c1", "state", ReadOnlyMemory<byte>.Empty);

        Assert.Equal("42", reply.Result.ToStringUtf8());
        Assert.True(clock.Elapsed < AttemptTimeout / 2, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Contains(cluster.Calls, call => call.Method == "Query" && call.NodeId != 1);
    }

    [Fact]
    public async Task Hedges_in_flight_never_exceed_the_budget_and_every_token_comes_back()
    {
        // Hedges are slow to answer (300 ms), so they pile up unless the budget holds them back; the attempt
        // timeout is long, so every call to nodes 2 and 3 in this test is a hedge.
        var (cluster, client) = await SilentLeaderAsync(options =>
        {
            options.MaxHedgesInFlight = 2;
            options.AttemptTimeout = TimeSpan.FromSeconds(8);
            options.DefaultTimeout = TimeSpan.FromSeconds(20);
        });
        using var _ = client;
        cluster.ReplyDelay[2] = TimeSpan.FromMilliseconds(300);
        cluster.ReplyDelay[3] = TimeSpan.FromMilliseconds(300);

        var calls = Enumerable.Range(0, 10).Select(i => client.IncrementAsync($"c{i}")).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(2, cluster.MaxInFlightElsewhere);
        Assert.Equal(10, cluster.AppliedCount);
        await Eventually.TrueAsync(() => client.Executor.HedgeBudget.InFlight == 0, TimeSpan.FromSeconds(2), "every hedge token is returned");
    }

    [Fact]
    public async Task The_hedge_delay_follows_the_answers_latency()
    {
        var cluster = new FakeCluster { CommandLatency = TimeSpan.FromMilliseconds(30) };
        using var client = FakeClients.Create(cluster, options => (options.HedgeDelayMax, options.MaxHedgesPerAttempt) = (TimeSpan.FromSeconds(1), 3));
        await client.ConnectAsync();
        Assert.Equal(TimeSpan.FromSeconds(1), client.Executor.HedgeDelay.Current());

        for (var i = 0; i < Resilience.LatencyWindow.RecomputeEvery; i++)
        {
            await client.IncrementAsync($"c{i}");
        }

        // Answers take at least 30 ms, so the delay is at least 60 ms, and well below the 1 s ceiling.
        var delay = client.Executor.HedgeDelay.Current();
        Assert.InRange(delay, TimeSpan.FromMilliseconds(60), TimeSpan.FromMilliseconds(999));
    }
}
