using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.LocalMode;
using Grpc.Core;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// WatchTopology on real node processes (issue 19): a follower's watch reports the new leader of a shard whose
/// leader was drained, without being asked again, and the stream ends normally (OK) when its node stops, so a
/// graceful stop does not wait out the server's grace period for it.
/// </summary>
public sealed class TopologyWatchTests
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 120_000)]
    public async Task A_followers_watch_reports_the_leader_a_drain_moved_to_and_ends_with_ok_when_the_follower_stops()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 1);
        await cluster.WaitForLeadersAsync();
        var (shard, oldLeader) = (await cluster.ViewAsync()).Leaders.First();
        var follower = cluster.Nodes.First(node => node.Id != oldLeader);
        using var channel = Channels.Create(follower.GrpcAddress);
        using var watch = new EntityService.EntityServiceClient(channel).WatchTopology(new WatchTopologyRequest(), deadline: DateTime.UtcNow.AddSeconds(100));

        var first = await NextAsync(watch.ResponseStream);
        Assert.Equal(follower.Id, first.NodeId);
        // Right after start the follower may not know a leader yet, or may already know a newer one than the view
        // above (an early election): the leader to drain is the one the watch itself names.
        var (leaderAtStart, termAtStart) = LeaderOf(first, shard);
        while (leaderAtStart == 0)
        {
            (leaderAtStart, termAtStart) = LeaderOf(await NextAsync(watch.ResponseStream), shard);
        }

        Assert.True(leaderAtStart != follower.Id, $"the watched node {follower.Id} became the leader itself; no follower to watch");
        oldLeader = leaderAtStart;

        using var adminChannel = Channels.Create(cluster.Node(oldLeader).InternalAddress);
        var drain = await new AdminService.AdminServiceClient(adminChannel)
            .DrainAsync(new DrainRequest { TimeoutMs = 20_000, HoldMs = 60_000 }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(0u, drain.LeadersRemaining);

        // No new request is made: the follower's stream itself must bring the new leader.
        while (true)
        {
            var (leader, term) = LeaderOf(await NextAsync(watch.ResponseStream), shard);
            if (leader != 0 && leader != oldLeader)
            {
                Assert.True(term > termAtStart, $"new leader {leader} reported at term {term}, not after term {termAtStart}");
                break;
            }
        }

        await NodeProcesses.StopAsync(follower.Pid, TimeSpan.FromSeconds(20));
        using var ending = new CancellationTokenSource(AnswerWithin);
        // Answers sent before the stop may still be queued; after them the stream must end, not fail.
        while (await watch.ResponseStream.MoveNext(ending.Token))
        {
        }

        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);
    }

    private static async Task<TopologyReply> NextAsync(IAsyncStreamReader<TopologyReply> stream)
    {
        using var within = new CancellationTokenSource(AnswerWithin);
        Assert.True(await stream.MoveNext(within.Token), "the watch ended early");
        return stream.Current;
    }

    private static (ulong Leader, ulong Term) LeaderOf(TopologyReply reply, (string Type, uint Shard) shard)
    {
        var leader = reply.EntityTypes.Single(type => type.Name == shard.Type).Leaders.Single(entry => entry.ShardId == shard.Shard);
        return (leader.LeaderNodeId, leader.Term);
    }
}
