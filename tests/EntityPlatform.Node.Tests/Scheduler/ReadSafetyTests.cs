using System.Text;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// Issue 12, items 1-3: lease and bounded-staleness reads never answer from a state that a newer leader has
/// already moved past. Every scenario writes "1", lets a new leader (or the old one, behind a lagging
/// follower's back) commit "2", then reads where "1" is the stale answer.
/// </summary>
public sealed class ReadSafetyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private const string Increment = """{"type":"increment","by":1}""";

    [Fact(Timeout = 60_000)]
    public async Task A_lagging_follower_does_not_serve_a_stale_bounded_staleness_read()
    {
        await using var cluster = new SchedulerCluster();
        var shard = cluster.Catalog.ShardOf("counters", "lag");
        var group = cluster.Catalog.GroupIdOf(shard);
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "lag", Increment, Guid.CreateVersion7(), 1)).Status);
        var leader = await cluster.LeaderOfAsync(shard);
        var follower = cluster.Nodes.Keys.First(id => id != leader);
        await WaitForValueAsync(cluster, follower, "lag", "1", ReadConsistency.BoundedStaleness);

        // The follower stops receiving appends but keeps hearing heartbeats: it lags, and knows it is in contact.
        // It may serve "1" for up to the bound after "2" committed; the test waits until the lag is longer than
        // that (a heartbeat delivered more than twice the bound after the write was acknowledged).
        var maxStaleness = TimeSpan.FromMilliseconds(200);
        var lagLongerThanBound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sinceWrite = new System.Diagnostics.Stopwatch();
        cluster.Network.Drop = (_, to, message) =>
        {
            if (to != follower || message.GroupId != group)
            {
                return false;
            }

            if (message.Type == MessageType.Heartbeat && sinceWrite.IsRunning && sinceWrite.Elapsed > 2 * maxStaleness)
            {
                lagLongerThanBound.TrySetResult();
            }

            return message.Type is MessageType.App or MessageType.Snap;
        };
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "lag", Increment, Guid.CreateVersion7(), 1)).Status);
        sinceWrite.Start();
        await lagLongerThanBound.Task.WaitAsync(Deadline);

        // Queued behind that heartbeat, ahead of any append sent once the drop ends. Before issue 12 the follower
        // counted itself fresh (a heartbeat within the bound, everything it knew committed applied) and said "1".
        var read = cluster.Nodes[follower].SubmitQuery(new QueryRequest(shard, "lag", "value", [], ReadConsistency.BoundedStaleness,
            maxStaleness, DateTime.UtcNow.AddSeconds(10)));
        cluster.Network.Drop = null;
        var result = await read.WaitAsync(Deadline);
        Assert.Equal(RequestStatus.Ok, result.Status);
        Assert.Equal("2", Encoding.UTF8.GetString(result.QueryResult!));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_woken_quiesced_leader_that_was_deposed_does_not_serve_a_stale_lease_read()
    {
        await using var cluster = new SchedulerCluster();
        var shard = cluster.Catalog.ShardOf("counters", "sleepy");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "sleepy", Increment, Guid.CreateVersion7(), 1)).Status);
        var oldLeader = await cluster.LeaderOfAsync(shard);
        await WaitUntilAsync(async () => (await ReplicaAsync(cluster, oldLeader, shard)).Raft.Quiesced, "the shard to quiesce");

        // The sleeping leader is isolated; a linearizable read on a follower finds the leader unreachable, which
        // wakes the follower, and a new leader is elected without the old one hearing of it.
        cluster.Network.Cut(oldLeader);
        var others = cluster.Nodes.Keys.Where(id => id != oldLeader).ToArray();
        _ = cluster.QueryAsync(others[0], "counters", "sleepy", "value", ReadConsistency.Linearizable);
        var newLeader = await WaitForLeaderAmongAsync(cluster, others, shard);
        Assert.Equal(RequestStatus.Ok, (await SendToAsync(cluster, newLeader, shard, "sleepy", Increment)).Status);

        // Before issue 12 the woken leader trusted the lease acknowledgements from before it slept and said "1".
        var result = await ReadAsync(cluster, oldLeader, shard, "sleepy", ReadConsistency.Lease, TimeSpan.FromSeconds(1));
        Assert.NotEqual(RequestStatus.Ok, result.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stalled_leader_serves_neither_lease_nor_bounded_reads_from_before_the_stall()
    {
        await using var clocks = new SteppedClocks(3);
        await using var cluster = new SchedulerCluster(clocks: id => clocks[id]);
        var shard = cluster.Catalog.ShardOf("counters", "stall");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "stall", Increment, Guid.CreateVersion7(), 1)).Status);
        var oldLeader = await cluster.LeaderOfAsync(shard);
        await WaitUntilAsync(async () => (await ReplicaAsync(cluster, oldLeader, shard)).Raft.LeaseValid, "the leader to hold its lease");

        // The leader's node stalls (its clock stands still, as in a GC pause or SIGSTOP) and is cut off; the
        // others elect a new leader and commit "2".
        clocks[oldLeader].Frozen = true;
        cluster.Network.Cut(oldLeader);
        var others = cluster.Nodes.Keys.Where(id => id != oldLeader).ToArray();
        var newLeader = await WaitForLeaderAmongAsync(cluster, others, shard);
        Assert.Equal(RequestStatus.Ok, (await SendToAsync(cluster, newLeader, shard, "stall", Increment)).Status);

        // The stall ends after a second. The old leader has not heard of the new term. Replaying one tick for
        // the stall (the old loop) left it a lease; counting every interval leaves it none.
        clocks[oldLeader].Advance(TimeSpan.FromSeconds(1));
        clocks[oldLeader].Frozen = false;
        var lease = await ReadAsync(cluster, oldLeader, shard, "stall", ReadConsistency.Lease, TimeSpan.FromSeconds(1));
        Assert.NotEqual(RequestStatus.Ok, lease.Status);
        var bounded = await ReadAsync(cluster, oldLeader, shard, "stall", ReadConsistency.BoundedStaleness, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200));
        Assert.NotEqual(RequestStatus.Ok, bounded.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_bounded_staleness_read_on_a_quiesced_follower_is_answered_through_the_leader()
    {
        await using var cluster = new SchedulerCluster();
        var shard = cluster.Catalog.ShardOf("counters", "idle");
        Assert.Equal(RequestStatus.Ok, (await cluster.SendAsync("counters", "idle", Increment, Guid.CreateVersion7(), 1)).Status);
        var leader = await cluster.LeaderOfAsync(shard);
        var follower = cluster.Nodes.Keys.First(id => id != leader);
        await WaitUntilAsync(async () => (await ReplicaAsync(cluster, follower, shard)).Raft.Quiesced, "the follower to quiesce");

        // No recent contact to go by, so the follower falls back to a read index from the leader.
        var result = await ReadAsync(cluster, follower, shard, "idle", ReadConsistency.BoundedStaleness, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        Assert.Equal(RequestStatus.Ok, result.Status);
        Assert.Equal("1", Encoding.UTF8.GetString(result.QueryResult!));
    }

    private static Task<RequestResult> ReadAsync(SchedulerCluster cluster, ulong node, ShardId shard, string id, ReadConsistency consistency, TimeSpan timeout, TimeSpan? maxStaleness = null) =>
        cluster.Nodes[node].SubmitQuery(new QueryRequest(shard, id, "value", [], consistency, maxStaleness ?? TimeSpan.FromSeconds(1), DateTime.UtcNow + timeout))
            .WaitAsync(Deadline);

    private static async Task<ShardReplicaStatus> ReplicaAsync(SchedulerCluster cluster, ulong node, ShardId shard) =>
        (await cluster.Nodes[node].StatusAsync()).Single(replica => replica.Shard == shard);

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

    private static async Task WaitForValueAsync(SchedulerCluster cluster, ulong node, string id, string value, ReadConsistency consistency)
    {
        var shard = cluster.Catalog.ShardOf("counters", id);
        await WaitUntilAsync(async () =>
        {
            var result = await ReadAsync(cluster, node, shard, id, consistency, TimeSpan.FromSeconds(1));
            return result.Status == RequestStatus.Ok && Encoding.UTF8.GetString(result.QueryResult!) == value;
        }, $"node {node} to read {id} = {value}");
    }

    private static async Task<ulong> WaitForLeaderAmongAsync(SchedulerCluster cluster, ulong[] nodes, ShardId shard)
    {
        ulong leader = 0;
        await WaitUntilAsync(async () =>
        {
            foreach (var node in nodes)
            {
                if ((await ReplicaAsync(cluster, node, shard)).Raft.Role == StateRole.Leader)
                {
                    leader = node;
                    return true;
                }
            }

            return false;
        }, $"a leader of {shard} among nodes {string.Join(',', nodes)}");
        return leader;
    }

    /// <summary>Sends a command to one node, retrying while it is not ready to decide yet, up to the deadline.</summary>
    private static async Task<RequestResult> SendToAsync(SchedulerCluster cluster, ulong node, ShardId shard, string id, string json)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var session = Guid.CreateVersion7();
        while (true)
        {
            var request = new CommandRequest(shard, id, Encoding.UTF8.GetBytes(json), session, 1, DateTime.UtcNow.AddSeconds(2));
            var result = await cluster.Nodes[node].SubmitCommand(request);
            if (result.Status is not (RequestStatus.NotLeader or RequestStatus.Retry or RequestStatus.DeadlineExceeded) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(20);
        }
    }
}
