using System.Text;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Tests.Scheduler;

public sealed class SchedulerTests
{
    [Fact(Timeout = 60_000)]
    public async Task Commands_commit_on_the_leader_and_every_replica_applies_them()
    {
        await using var cluster = new SchedulerCluster();
        var session = Guid.CreateVersion7();
        for (ulong i = 1; i <= 20; i++)
        {
            var result = await cluster.SendAsync("counters", "c1", """{"type":"increment","by":1}""", session, i);
            Assert.Equal(RequestStatus.Ok, result.Status);
        }

        foreach (var node in cluster.Nodes.Keys)
        {
            var read = await cluster.QueryAsync(node, "counters", "c1", "value", ReadConsistency.Linearizable);
            Assert.Equal(RequestStatus.Ok, read.Status);
            Assert.Equal("20", Encoding.UTF8.GetString(read.QueryResult!));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_retried_request_id_is_applied_once_and_gets_the_original_reply()
    {
        await using var cluster = new SchedulerCluster();
        var session = Guid.CreateVersion7();
        var first = await cluster.SendAsync("accounts", "a1", """{"type":"deposit","amount":10}""", session, 1);
        var retry = await cluster.SendAsync("accounts", "a1", """{"type":"deposit","amount":10}""", session, 1);
        Assert.Equal(RequestStatus.Ok, first.Status);
        Assert.True(retry.Deduplicated);
        Assert.Equal(first.Reply!.Index, retry.Reply!.Index);
        var leader = await cluster.LeaderOfAsync(cluster.Catalog.ShardOf("accounts", "a1"));
        var balance = await cluster.QueryAsync(leader, "accounts", "a1", "balance", ReadConsistency.Lease);
        Assert.Equal("10", Encoding.UTF8.GetString(balance.QueryResult!));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_business_rejection_is_logged_and_repeated_for_a_retry()
    {
        await using var cluster = new SchedulerCluster();
        var session = Guid.CreateVersion7();
        var rejected = await cluster.SendAsync("accounts", "a2", """{"type":"withdraw","amount":5}""", session, 1);
        Assert.Equal(RequestStatus.Rejected, rejected.Status);
        Assert.Equal("insufficient funds: balance 0, withdrawal 5", rejected.Message);
        await cluster.SendAsync("accounts", "a2", """{"type":"deposit","amount":50}""", Guid.CreateVersion7(), 1);
        var retry = await cluster.SendAsync("accounts", "a2", """{"type":"withdraw","amount":5}""", session, 1);
        Assert.Equal(RequestStatus.Rejected, retry.Status);
        Assert.True(retry.Deduplicated);
    }

    [Fact(Timeout = 60_000)]
    public async Task Invalid_payload_is_refused_with_the_type_named_and_nothing_is_logged()
    {
        await using var cluster = new SchedulerCluster();
        var result = await cluster.SendAsync("counters", "c2", "{oops", Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.InvalidArgument, result.Status);
        Assert.Contains("CounterCommand", result.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Killing_a_shards_leader_elects_another_and_no_acknowledged_write_is_lost()
    {
        await using var cluster = new SchedulerCluster();
        var session = Guid.CreateVersion7();
        for (ulong i = 1; i <= 10; i++)
        {
            Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "k", """{"type":"increment","by":1}""", session, i)).Status);
        }

        var shard = cluster.Catalog.ShardOf("counters", "k");
        var oldLeader = await cluster.LeaderOfAsync(shard);
        await cluster.StopAsync(oldLeader);
        for (ulong i = 11; i <= 20; i++)
        {
            Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "k", """{"type":"increment","by":1}""", session, i)).Status);
        }

        var newLeader = await cluster.LeaderOfAsync(shard);
        Assert.NotEqual(oldLeader, newLeader);
        var read = await cluster.QueryAsync(newLeader, "counters", "k", "value", ReadConsistency.Linearizable);
        Assert.Equal("20", Encoding.UTF8.GetString(read.QueryResult!));
    }

    [Fact(Timeout = 60_000)]
    public async Task Snapshots_compact_the_log_and_a_restarted_replica_recovers_its_state()
    {
        await using var cluster = new SchedulerCluster(shards: 1, snapshotEvery: 20);
        var session = Guid.CreateVersion7();
        for (ulong i = 1; i <= 60; i++)
        {
            Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "s", """{"type":"increment","by":1}""", session, i)).Status);
        }

        var shard = cluster.Catalog.ShardOf("counters", "s");
        foreach (var node in cluster.Nodes.Values)
        {
            var replica = (await node.StatusAsync()).Single(status => status.Shard == shard);
            Assert.True(replica.SnapshotIndex >= 40, $"node {node.NodeId} snapshot index {replica.SnapshotIndex}");
            Assert.True(replica.FirstLogIndex > 1, $"node {node.NodeId} did not compact: first index {replica.FirstLogIndex}");
        }

        await cluster.CrashAndRestartAsync(2);
        var restarted = (await cluster.Nodes[2].StatusAsync()).Single(status => status.Shard == shard);
        Assert.True(restarted.AppliedIndex >= restarted.SnapshotIndex && restarted.SnapshotIndex >= 40, $"restarted at applied {restarted.AppliedIndex}");
        var read = await cluster.QueryUntilAnsweredAsync(2, "counters", "s", "value", ReadConsistency.Linearizable);
        Assert.Equal(RequestStatus.Ok, read.Status);
        Assert.Equal("60", Encoding.UTF8.GetString(read.QueryResult!));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_new_node_joins_by_learner_snapshot_and_promotion_and_an_old_replica_is_removed()
    {
        await using var cluster = new SchedulerCluster(shards: 2);
        var session = Guid.CreateVersion7();
        for (ulong i = 1; i <= 30; i++)
        {
            Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "m", """{"type":"increment","by":1}""", session, i)).Status);
        }

        // Version 2 moves every shard's last replica to node 4.
        var target = cluster.Placement.Replicas.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<ulong>)pair.Value.Take(2).Append(4UL).ToArray());
        var placement = new NodePlacement(2, target);
        cluster.Start(4, new Storage.Devices.MemoryLogDevice(seed: 4), placement);
        foreach (var node in cluster.Nodes.Values)
        {
            await node.ApplyPlacementAsync(placement);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        Dictionary<ShardId, ulong[]> sets;
        do
        {
            await Task.Delay(100);
            sets = await cluster.ReplicaSetsAsync();
        }
        while (DateTime.UtcNow < deadline && !target.All(pair => sets.TryGetValue(pair.Key, out var nodes) && nodes.SequenceEqual(pair.Value.Order())));

        Assert.All(target, pair => Assert.Equal(pair.Value.Order(), sets[pair.Key]));
        for (ulong i = 31; i <= 40; i++)
        {
            Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "m", """{"type":"increment","by":1}""", session, i)).Status);
        }

        var read = await cluster.QueryUntilAnsweredAsync(4, "counters", "m", "value", ReadConsistency.Linearizable);
        Assert.Equal("40", Encoding.UTF8.GetString(read.QueryResult!));
    }
}
