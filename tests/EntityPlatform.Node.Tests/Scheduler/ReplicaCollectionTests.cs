using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// Issue 12, item 10, through real schedulers on fake clocks: a replica that the placement dropped but that is
/// still a voter in its applied configuration is never wiped, however silent; one that its group really removed
/// is wiped within a bounded time.
/// </summary>
public sealed class ReplicaCollectionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const ulong Dropped = 3;

    [Fact(Timeout = 90_000)]
    public async Task A_silent_voter_is_kept_while_a_removed_replica_is_collected()
    {
        await using var clocks = new SteppedClocks(3);
        await using var cluster = new SchedulerCluster(shards: 3, clocks: id => clocks[id]);
        var (kept, removed) = await TwoShardsNotLedByAsync(cluster, Dropped);

        // Node 3 alone learns a placement that drops it from both shards; the leaders do not yet, so for `kept`
        // it stays a voter. Before issue 12, any follower that the placement dropped and that was silent for
        // 10 s (every follower of a quiesced group) was wiped, voter or not.
        await WaitUntilAsync(async () => (await ReplicaAsync(cluster, Dropped, kept))!.Raft.Quiesced, "the kept shard to quiesce on node 3");
        await cluster.Nodes[Dropped].ApplyPlacementAsync(Without(cluster.Placement, Dropped, kept, removed));

        // Far beyond the old 10 s of silence, on node 3's own clock.
        clocks[Dropped].Advance(TimeSpan.FromSeconds(30));
        var scansAtJump = cluster.Nodes[Dropped].UpkeepScans;

        // The leaders now learn that node 3 leaves `removed`, remove it, and node 3 learns of it and wipes it.
        var placementOfOthers = Without(cluster.Placement, Dropped, removed);
        await cluster.Nodes[1].ApplyPlacementAsync(placementOfOthers);
        await cluster.Nodes[2].ApplyPlacementAsync(placementOfOthers);
        await WaitUntilAsync(async () => (await ReplicaAsync(cluster, Dropped, removed)) is null, "node 3 to collect the replica its group removed");
        await WaitUntilAsync(() => Task.FromResult(cluster.Nodes[Dropped].UpkeepScans >= scansAtJump + 2), "two clean-up scans after the clock jump");

        var survivor = await ReplicaAsync(cluster, Dropped, kept);
        Assert.NotNull(survivor);
        Assert.Contains(Dropped, survivor.Raft.ConfState.Voters);
        Assert.Equal(1, cluster.Nodes[Dropped].ReplicasCollected);
    }

    /// <summary>Two counters shards with leaders elected elsewhere than <paramref name="node"/>.</summary>
    private static async Task<(ShardId First, ShardId Second)> TwoShardsNotLedByAsync(SchedulerCluster cluster, ulong node)
    {
        var shards = cluster.Catalog.AllShards().Where(shard => cluster.Placement.ReplicasOf(shard)[0] != node).ToArray();
        var chosen = new List<ShardId>();
        await WaitUntilAsync(async () =>
        {
            chosen.Clear();
            foreach (var shard in shards)
            {
                var leader = await cluster.LeaderOfAsync(shard);
                if (leader != 0 && leader != node)
                {
                    chosen.Add(shard);
                }
            }

            return chosen.Count >= 2;
        }, "two shards led away from node 3");
        return (chosen[0], chosen[1]);
    }

    private static NodePlacement Without(NodePlacement placement, ulong node, params ShardId[] shards) =>
        new(placement.Version + 1, placement.Replicas.ToDictionary(
            pair => pair.Key,
            pair => shards.Contains(pair.Key) ? (IReadOnlyList<ulong>)pair.Value.Where(id => id != node).ToArray() : pair.Value));

    private static async Task<ShardReplicaStatus?> ReplicaAsync(SchedulerCluster cluster, ulong node, ShardId shard) =>
        (await cluster.Nodes[node].StatusAsync()).SingleOrDefault(replica => replica.Shard == shard);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {Deadline} for {what}");
            }

            await Task.Delay(20);
        }
    }
}
