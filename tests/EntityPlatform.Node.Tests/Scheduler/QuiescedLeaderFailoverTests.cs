using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// Issue 12, item 9, in one process: the followers of a quiesced group expect no heartbeats, so only the
/// node-level liveness probe can tell them that their leader stopped serving. No client traffic is sent
/// until a new leader exists: the survivors must notice on their own. (A stopped process or loop is shown
/// with real processes in EntityPlatform.Cluster.Tests, QuiescedLeaderLivenessTests.)
/// </summary>
public sealed class QuiescedLeaderFailoverTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private const string Increment = """{"type":"increment","by":1}""";

    [Fact(Timeout = 90_000)]
    public async Task A_quiesced_leader_cut_off_from_its_peers_is_replaced_without_client_traffic()
    {
        await using var clocks = new SteppedClocks(3);
        await using var cluster = new SchedulerCluster(clocks: id => clocks[id]);
        var shard = cluster.Catalog.ShardOf("counters", "idle");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "idle", Increment, Guid.CreateVersion7(), 1)).Status);
        var oldLeader = await cluster.LeaderOfAsync(shard);
        await WaitUntilAsync(() => EveryReplicaQuiescedAsync(cluster), "every replica on every node to quiesce");

        // The idle leader is partitioned away. Nothing of its groups was in flight, so no Raft send fails: only
        // the node-level probe can notice.
        cluster.Network.Cut(oldLeader);
        var others = cluster.Nodes.Keys.Where(id => id != oldLeader).ToArray();
        var newLeader = await WaitForLeaderAmongAsync(cluster, others, shard);
        await WaitUntilAsync(() => Task.FromResult(others.All(id => cluster.Nodes[id].SuspectPeers.Contains(oldLeader))),
            $"nodes {string.Join(',', others)} to suspect node {oldLeader}");

        var command = new CommandRequest(shard, "idle", System.Text.Encoding.UTF8.GetBytes(Increment), Guid.CreateVersion7(), 1, DateTime.UtcNow + Deadline);
        var result = await cluster.Nodes[newLeader].SubmitCommand(command);
        Assert.True(result.Status == RequestStatus.Ok, $"the new leader {newLeader} answered {result.Status}: {result.Message}");

        // Healed, the old leader is heard from again and nobody suspects it.
        cluster.Network.Heal();
        await WaitUntilAsync(() => Task.FromResult(cluster.Nodes.Values.All(node => node.SuspectPeers.Count == 0)), "every suspicion to clear after the heal");
    }

    private static async Task<bool> EveryReplicaQuiescedAsync(SchedulerCluster cluster)
    {
        foreach (var node in cluster.Nodes.Values)
        {
            if ((await node.StatusAsync()).Any(replica => !replica.Raft.Quiesced))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<ulong> WaitForLeaderAmongAsync(SchedulerCluster cluster, ulong[] nodes, ShardId shard)
    {
        ulong leader = 0;
        await WaitUntilAsync(async () =>
        {
            foreach (var node in nodes)
            {
                var replica = (await cluster.Nodes[node].StatusAsync()).Single(replica => replica.Shard == shard);
                if (replica.Raft.Role == StateRole.Leader)
                {
                    leader = node;
                    return true;
                }
            }

            return false;
        }, $"a leader of {shard} among nodes {string.Join(',', nodes)} with no client traffic");
        return leader;
    }

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
