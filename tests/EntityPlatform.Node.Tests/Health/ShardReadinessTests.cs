using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Node.Health;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Health;

/// <summary>/readyz (issue 12, item 9): a shard whose leader sits on a suspect peer is not "with a leader".</summary>
public sealed class ShardReadinessTests
{
    [Fact]
    public void Ready_when_every_wanted_replica_has_a_leader_that_is_not_suspect()
    {
        var (ready, text) = ShardReadiness.Evaluate([Replica(0, leader: 1), Replica(1, leader: 2)], suspectPeers: [3]);
        Assert.True(ready, text);
        Assert.Equal("ready: 2 shard replicas, all with a leader\n", text);
    }

    [Fact]
    public void A_leader_on_a_suspect_peer_makes_the_node_not_ready_and_is_named()
    {
        var (ready, text) = ShardReadiness.Evaluate([Replica(0, leader: 1), Replica(1, leader: 2), Replica(2, leader: 0)], suspectPeers: [2]);
        Assert.False(ready);
        Assert.Equal("not ready: no leader known for counter/2; leader unreachable for counter/1 (node 2)\n", text);
    }

    [Fact]
    public void A_replica_being_moved_away_does_not_hold_readiness_back()
    {
        var (ready, text) = ShardReadiness.Evaluate([Replica(0, leader: 2, wanted: false)], suspectPeers: [2]);
        Assert.True(ready, text);
    }

    private static ShardReplicaStatus Replica(int shard, ulong leader, bool wanted = true) => new(
        new ShardId("counter", shard), (ulong)shard + 1,
        new RaftStatus(1, (ulong)shard + 1, leader == 1 ? StateRole.Leader : StateRole.Follower, 2, 0, leader, 5, 5, 5, 0, Quiesced: true, LeaseValid: false, ConfState.Empty, []),
        AppliedIndex: 5, SnapshotIndex: 0, FirstLogIndex: 1, Entities: 1, QueuedCommands: 0, PendingReads: 0, Wanted: wanted);
}
