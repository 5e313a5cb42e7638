using System.Text;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Carts;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// Issue 12, item 7: an error that belongs to one replica used to end the node's whole multi-Raft loop.
/// Each test here feeds one such error to one replica and checks that only that replica stops (faulted,
/// visible in Status, its clients answered) while the node's other replicas keep working. On main each of
/// them fails: the loop dies, so the node answers no Status and applies nothing more.
/// </summary>
public sealed class ReplicaFaultTests
{
    private const string Increment = """{"type":"increment","by":1}""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 60_000)]
    public async Task A_replica_that_cannot_apply_a_committed_entry_faults_alone_and_the_nodes_other_shards_go_on()
    {
        // Node 3 runs a broken build of the counters type (its Apply throws): real entries it cannot apply.
        await using var cluster = new SchedulerCluster(shards: 1, typesOf: id => id == 3
            ? new EntityTypeRegistry().AddEntityType<CounterWithBrokenApply>("counters").AddEntityType<Account>("accounts").AddEntityType<Cart>("carts")
            : SchedulerCluster.AllTypes());
        var shard = new ShardId("counters", 0);
        var first = await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1);
        Assert.True(first.Status == RequestStatus.Ok, $"the first increment answered {first.Status}: {first.Message}");

        var faulted = await FaultedReplicaAsync(cluster, 3, shard);
        Assert.Equal(ReplicaFaultKind.Apply, faulted.Fault!.Kind);
        Assert.Contains(CounterWithBrokenApply.Failure, faulted.Fault.Reason);
        Assert.Equal(0UL, faulted.Raft.Leader);

        // Node 3's other replicas still apply, and the counters shard still commits on the other two.
        var deposit = await cluster.SendAsync("accounts", "a", """{"type":"deposit","amount":5}""", Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, deposit.Status);
        await Eventually.HoldsAsync(() => Replica(cluster, 3, new ShardId("accounts", 0)).AppliedIndex >= deposit.Reply!.Index, Patience, "node 3 applies the deposit");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "d", Increment, Guid.CreateVersion7(), 1)).Status);

        var answer = await cluster.QueryAsync(3, "counters", "c", "value", ReadConsistency.BoundedStaleness);
        Assert.Equal(RequestStatus.NotLeader, answer.Status);
        Assert.Contains("shard counters/0 is unavailable on node 3: its replica here is faulted (apply:", answer.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_poison_entry_faults_every_replica_of_its_shard_answers_its_waiting_client_and_other_shards_stay_writable()
    {
        await using var cluster = new SchedulerCluster(shards: 2, configure: (_, options) => options with { TestApplyFaultEntityId = "poison" });
        var shard = cluster.Catalog.ShardOf("counters", "poison");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "warm-up", Increment, Guid.CreateVersion7(), 1)).Status);
        // The leader's client waits for the apply that faults the replica: it is answered at once, never left
        // hanging. (Sent again, same session and id, only if leadership moved before it was accepted.)
        var session = Guid.CreateVersion7();
        ulong leader;
        RequestResult poison;
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            leader = await WaitForLeaderAsync(cluster, shard);
            poison = await cluster.Nodes[leader].SubmitCommand(new CommandRequest(shard, "poison", Encoding.UTF8.GetBytes(Increment), session, 1, DateTime.UtcNow.AddSeconds(30)))
                .WaitAsync(TimeSpan.FromSeconds(10));
        }
        while (poison.Status is RequestStatus.NotLeader or RequestStatus.Retry && !(poison.Message ?? "").Contains("faulted", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Equal(RequestStatus.NotLeader, poison.Status);
        Assert.Contains($"shard {shard} is unavailable on node {leader}: its replica here is faulted (apply: InvalidOperationException: injected apply fault", poison.Message);

        foreach (var node in cluster.Nodes.Keys)
        {
            Assert.Equal(ReplicaFaultKind.Apply, (await FaultedReplicaAsync(cluster, node, shard)).Fault!.Kind);
        }

        // Every other shard on every node still takes commands.
        foreach (var other in cluster.Catalog.AllShards().Where(other => other != shard))
        {
            var id = Enumerable.Range(0, 1000).Select(i => $"e{i}").First(id => cluster.Catalog.ShardOf(other.EntityType, id) == other);
            var payload = other.EntityType switch
            {
                "counters" => Increment,
                "accounts" => """{"type":"deposit","amount":5}""",
                _ => """{"type":"addItem","sku":"apple","quantity":1}""",
            };
            Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync(other.EntityType, id, payload, Guid.CreateVersion7(), 1)).Status);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_received_snapshot_that_does_not_parse_is_refused_before_it_is_persisted_and_the_replica_keeps_working()
    {
        await using var cluster = new SchedulerCluster(shards: 1);
        var first = await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, first.Status);
        var shard = new ShardId("counters", 0);
        var groupId = cluster.Catalog.GroupIdOf(shard);
        var leader = await WaitForLeaderAsync(cluster, shard);
        var follower = cluster.Nodes.Keys.First(node => node != leader);
        await Eventually.HoldsAsync(() => Replica(cluster, follower, shard).AppliedIndex >= first.Reply!.Index, Patience, "the follower applies the first command");
        var raft = Replica(cluster, leader, shard).Raft;

        // A MSG_SNAP from the real leader, in its term, far ahead of the follower: the follower would install it.
        var garbage = Encoding.UTF8.GetBytes("this is not a shard snapshot");
        var index = raft.Commit + 1000;
        var droppedBefore = cluster.Nodes[follower].DroppedPeerMessages;
        Assert.True(cluster.Nodes[follower].TryPost(leader, [new Message
        {
            GroupId = groupId, Type = MessageType.Snap, From = leader, To = follower, Term = raft.Term,
            Snapshot = new Snapshot(new SnapshotMetadata(index, raft.Term, ConfState.OfVoters(1, 2, 3)), garbage),
        }]));

        await Eventually.HoldsAsync(() => cluster.Nodes[follower].DroppedPeerMessages > droppedBefore, Patience, "the follower refuses the snapshot");
        var after = Replica(cluster, follower, shard);
        Assert.Null(after.Fault);
        Assert.True(after.SnapshotIndex < index && after.Raft.Commit < index, $"nothing of the refused snapshot may be installed: {after}");
        Assert.Empty(Directory.GetFiles(cluster.SnapshotDirectory(follower), $"g{groupId}-i{index}-*"));

        var second = await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, second.Status);
        await Eventually.HoldsAsync(() => Replica(cluster, follower, shard).AppliedIndex >= second.Reply!.Index, Patience, "the follower keeps applying");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_peer_message_that_makes_the_core_throw_faults_that_replica_only()
    {
        await using var cluster = new SchedulerCluster(shards: 1);
        var first = await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, first.Status);
        var shard = new ShardId("counters", 0);
        var leader = await WaitForLeaderAsync(cluster, shard);
        var follower = cluster.Nodes.Keys.First(node => node != leader);
        var raft = Replica(cluster, leader, shard).Raft;

        // A snapshot that parses, whose membership the core refuses only midway through installing it
        // (auto-leave without a joint configuration): the replica's state is then half changed.
        var index = raft.Commit + 1000;
        var machine = new EntityPlatform.Node.Shards.ShardStateMachine(0, SchedulerCluster.AllTypes(), 100);
        machine.Skip(index);
        using var data = new MemoryStream();
        machine.WriteSnapshot(data);
        Assert.True(cluster.Nodes[follower].TryPost(leader, [new Message
        {
            GroupId = cluster.Catalog.GroupIdOf(shard), Type = MessageType.Snap, From = leader, To = follower, Term = raft.Term,
            Snapshot = new Snapshot(new SnapshotMetadata(index, raft.Term, new ConfState([1, 2, 3], [], [], [], autoLeave: true)), data.ToArray()),
        }]));

        var faulted = await FaultedReplicaAsync(cluster, follower, shard);
        Assert.Equal(ReplicaFaultKind.Raft, faulted.Fault!.Kind);
        Assert.Contains("AutoLeave", faulted.Fault.Reason);
        Assert.True(faulted.SnapshotIndex < index, "nothing of the snapshot may be installed");

        // The same node applies on its other shards, and the shard itself still commits on the other two.
        var deposit = await cluster.SendAsync("accounts", "a", """{"type":"deposit","amount":5}""", Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, deposit.Status);
        await Eventually.HoldsAsync(() => Replica(cluster, follower, new ShardId("accounts", 0)).AppliedIndex >= deposit.Reply!.Index, Patience, "the node applies on another shard");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1)).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Messages_to_another_node_id_are_dropped_and_counted_and_the_replica_keeps_working()
    {
        await using var cluster = new SchedulerCluster(shards: 1);
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1)).Status);
        var shard = new ShardId("counters", 0);
        var leader = await WaitForLeaderAsync(cluster, shard);
        var follower = cluster.Nodes.Keys.First(node => node != leader);
        var term = Replica(cluster, leader, shard).Raft.Term;
        var droppedBefore = cluster.Nodes[follower].DroppedPeerMessages;
        var misaddressed = Enumerable.Range(0, 100)
            .Select(_ => new Message { GroupId = cluster.Catalog.GroupIdOf(shard), Type = MessageType.Heartbeat, From = leader, To = 99, Term = term })
            .ToArray();
        Assert.True(cluster.Nodes[follower].TryPost(leader, misaddressed));

        await Eventually.HoldsAsync(() => cluster.Nodes[follower].DroppedPeerMessages == droppedBefore + 100, Patience, "all 100 misaddressed messages are counted");
        Assert.Null(Replica(cluster, follower, shard).Fault);
        var next = await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, next.Status);
        await Eventually.HoldsAsync(() => Replica(cluster, follower, shard).AppliedIndex >= next.Reply!.Index, Patience, "the follower keeps applying");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_replica_whose_snapshot_file_is_damaged_is_faulted_at_start_and_the_node_serves_its_other_shards()
    {
        await using var cluster = new SchedulerCluster(shards: 1, snapshotEvery: 5);
        var shard = new ShardId("counters", 0);
        var groupId = cluster.Catalog.GroupIdOf(shard);
        var session = Guid.CreateVersion7();
        for (ulong request = 1; request <= 8; request++)
        {
            Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "c", Increment, session, request)).Status);
        }

        await Eventually.HoldsAsync(() => Replica(cluster, 3, shard).SnapshotIndex > 0, Patience, "node 3 takes a snapshot of counters/0");
        var device = cluster.Device(3);
        await cluster.StopAsync(3);
        foreach (var file in Directory.GetFiles(cluster.SnapshotDirectory(3), $"g{groupId}-i*-t*.snap"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 0xFF;
            await File.WriteAllBytesAsync(file, bytes);
        }

        cluster.Start(3, device);

        var faulted = await FaultedReplicaAsync(cluster, 3, shard);
        Assert.Equal(ReplicaFaultKind.Recovery, faulted.Fault!.Kind);
        Assert.Contains("opening the replica failed", faulted.Fault.Reason);
        var deposit = await cluster.SendAsync("accounts", "a", """{"type":"deposit","amount":5}""", Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, deposit.Status);
        await Eventually.HoldsAsync(() => Replica(cluster, 3, new ShardId("accounts", 0)).AppliedIndex >= deposit.Reply!.Index, Patience, "node 3 applies the deposit");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "c", Increment, session, 9)).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_group_that_storage_recovery_refused_is_faulted_never_bootstrapped_over_and_the_node_serves_its_other_shards()
    {
        await using var cluster = new SchedulerCluster(shards: 1);
        var shard = new ShardId("counters", 0);
        const string needle = "needle-5f2c9a7d1e";
        var written = await cluster.SendAsync("counters", needle, Increment, Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, written.Status);
        await Eventually.HoldsAsync(() => Replica(cluster, 3, shard).AppliedIndex >= written.Reply!.Index, Patience, "node 3 applies the command");

        // Damage the bytes of that entry in node 3's durable log: recovery refuses the counters group only.
        var device = cluster.Device(3);
        await cluster.StopAsync(3);
        var pattern = Encoding.UTF8.GetBytes(needle);
        var damaged = device.Scan(device.BeginAddress)
            .Select(record => (record.Address, At: record.Bytes.Span.IndexOf(pattern)))
            .First(hit => hit.At >= 0);
        device.FlipBitAt(damaged.Address, (damaged.At + 4) * 8);
        cluster.Start(3, device);

        var faulted = await FaultedReplicaAsync(cluster, 3, shard);
        Assert.Equal(ReplicaFaultKind.Recovery, faulted.Fault!.Kind);
        Assert.Contains($"storage recovery refused group {cluster.Catalog.GroupIdOf(shard)}", faulted.Fault.Reason);
        var deposit = await cluster.SendAsync("accounts", "a", """{"type":"deposit","amount":5}""", Guid.CreateVersion7(), 1);
        Assert.Equal(RequestStatus.Ok, deposit.Status);
        await Eventually.HoldsAsync(() => Replica(cluster, 3, new ShardId("accounts", 0)).AppliedIndex >= deposit.Reply!.Index, Patience, "node 3 applies the deposit");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "c", Increment, Guid.CreateVersion7(), 1)).Status);
    }

    private static ShardReplicaStatus Replica(SchedulerCluster cluster, ulong node, ShardId shard) =>
        cluster.Nodes[node].StatusAsync().GetAwaiter().GetResult().Single(status => status.Shard == shard);

    private static async Task<ShardReplicaStatus> FaultedReplicaAsync(SchedulerCluster cluster, ulong node, ShardId shard)
    {
        await Eventually.HoldsAsync(() => Replica(cluster, node, shard).Fault is not null, Patience, $"node {node}'s replica of {shard} is faulted");
        return Replica(cluster, node, shard);
    }

    private static async Task<ulong> WaitForLeaderAsync(SchedulerCluster cluster, ShardId shard)
    {
        ulong leader = 0;
        await Eventually.HoldsAsync(() => (leader = cluster.LeaderOfAsync(shard).GetAwaiter().GetResult()) != 0, Patience, $"{shard} has a leader");
        return leader;
    }
}
