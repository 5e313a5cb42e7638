using System.Diagnostics;
using EntityPlatform.Client.Routing;
using EntityPlatform.Client.Tests.Support;
using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>
/// Issue 19: the client learns of a new leader from any node's topology watch and re-routes the calls in
/// flight at once, instead of waiting for an attempt to time out at a silent leader. Hedging is off in these
/// tests, so nothing but the watch can move a call before its attempt timeout (2 s here).
/// </summary>
public sealed class TopologyWatchTests
{
    private static readonly TimeSpan LongAttempt = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private static async Task<EntityPlatformClient> WatchingClientAsync(FakeCluster cluster)
    {
        var client = FakeClients.Create(cluster, options =>
        {
            options.TopologyWatchNodes = 3;
            options.MaxHedgesPerAttempt = 0;
            options.AttemptTimeout = LongAttempt;
        });
        await client.ConnectAsync();
        await Eventually.TrueAsync(() => cluster.WatchesOpened.Count == 3 && client.Watcher.Answers >= 3, Deadline, "the client watches every node");
        return client;
    }

    [Fact]
    public async Task A_call_waiting_on_a_silent_leader_moves_to_the_new_leader_a_watch_reports()
    {
        var cluster = new FakeCluster { Leader = 1 };
        using var client = await WatchingClientAsync(cluster);
        cluster.Hung[1] = true;

        var call = client.IncrementAsync("c1");
        await Eventually.TrueAsync(() => cluster.CallsTo(1).Count == 1, Deadline, "the command reached the silent leader");
        var elected = Stopwatch.StartNew();
        cluster.Leader = 2;
        cluster.Term = 2;
        cluster.PublishTopology();
        var reply = await call;

        Assert.NotNull(reply.Accepted);
        Assert.True(elected.Elapsed < LongAttempt / 4, $"the call took {elected.ElapsedMilliseconds} ms after the watch reported the new leader");
        var first = cluster.CallsTo(1).Single();
        Assert.Contains(cluster.CallsTo(2), call2 => call2.Session == first.Session && call2.RequestId == first.RequestId);
        Assert.Equal(1, cluster.AppliedCount);

        // Later calls go straight to the new leader.
        await client.IncrementAsync("c2");
        Assert.Single(cluster.CallsTo(1));
    }

    [Fact]
    public async Task A_rerouted_command_that_the_old_leader_already_applied_is_answered_from_the_dedup_table()
    {
        // Node 1 applies the command, then holds its answer (a leader handing over mid-reply, as in a drain).
        var cluster = new FakeCluster { Leader = 1 };
        using var client = await WatchingClientAsync(cluster);
        cluster.ReplyDelay[1] = TimeSpan.FromSeconds(10);

        var call = client.IncrementAsync("c1");
        await Eventually.TrueAsync(() => cluster.AppliedCount == 1, Deadline, "node 1 applied the command");
        cluster.Leader = 2;
        cluster.Term = 2;
        cluster.PublishTopology();
        var reply = await call;

        Assert.True(reply.Accepted.Deduplicated, "the re-routed copy must be answered with the first copy's reply");
        Assert.Equal(1, cluster.AppliedCount);
        // The loser at node 1 was cancelled once the re-routed copy answered.
        await Eventually.TrueAsync(() => cluster.CancelledCalls.Any(cancelled => cancelled.NodeId == 1), Deadline, "the attempt at node 1 was cancelled");
    }

    [Fact]
    public async Task A_watch_that_a_node_refused_is_opened_again_once_the_node_is_back()
    {
        var cluster = new FakeCluster { Leader = 1 };
        cluster.Dead[3] = true;
        using var client = FakeClients.Create(cluster, options => options.TopologyWatchNodes = 3);
        await client.ConnectAsync();
        await Eventually.TrueAsync(() => cluster.WatchesOpened.Count == 2, Deadline, "nodes 1 and 2 are watched");

        cluster.Dead.TryRemove(3, out _);

        await Eventually.TrueAsync(() => cluster.WatchesOpened.ContainsKey(3), Deadline, "node 3 is watched once it is back");
    }

    [Fact]
    public void A_watch_answer_follows_the_higher_term_and_only_adds_replicas()
    {
        var map = new LeaderMap();
        map.Merge([Reply(node: 1, leader: 1, term: 5), Reply(node: 2, leader: 1, term: 5), Reply(node: 3, leader: 1, term: 5)]);
        var signal = map.NextLeaderChange;

        Assert.Equal(0, map.MergeWatched(Reply(node: 2, leader: 2, term: 4)));
        Assert.False(signal.IsCompleted, "an older term must not count as a leader change");
        Assert.Equal(1UL, map.Route(Shard0).LeaderNodeId);

        Assert.Equal(1, map.MergeWatched(Reply(node: 2, leader: 2, term: 6)));
        Assert.True(signal.IsCompleted, "a newer leader wakes the calls in flight");
        Assert.Equal(2UL, map.Route(Shard0).LeaderNodeId);
        Assert.Equal([1UL, 2UL, 3UL], map.Route(Shard0).Replicas);
    }

    private static readonly ShardKey Shard0 = new("accounts", 0);

    private static TopologyReply Reply(ulong node, ulong leader, ulong term)
    {
        var reply = new TopologyReply { NodeId = node };
        for (var id = 1UL; id <= 3; id++)
        {
            reply.Nodes.Add(new TopologyNode { NodeId = id, Address = $"http://127.0.0.1:710{id}" });
        }

        var type = new EntityTypeTopology { Name = "accounts", Shards = 4 };
        type.Leaders.Add(new ShardLeader { ShardId = 0, LeaderNodeId = leader, Term = term });
        reply.EntityTypes.Add(type);
        return reply;
    }
}
