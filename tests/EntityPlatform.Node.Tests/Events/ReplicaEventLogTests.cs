using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Tests.Scheduler;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Storage.Events;

namespace EntityPlatform.Node.Tests.Events;

/// <summary>Issue 17, item 2: every replica writes its shard's event log on apply; it outlives Raft log compaction, restarts and snapshot installs.</summary>
public sealed class ReplicaEventLogTests
{
    private static readonly ShardId Accounts0 = new("accounts", 0);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 180_000)]
    public async Task Every_replica_holds_dense_offsets_past_log_compaction_and_a_restart_replays_no_duplicate()
    {
        var events = Directory.CreateTempSubdirectory("ep-events-");
        try
        {
            await using var cluster = new SchedulerCluster(shards: 1, snapshotEvery: 50,
                configure: (id, options) => options with { EventLogDirectory = Path.Combine(events.FullName, $"n{id}") });
            var session = Guid.CreateVersion7();
            await DepositAsync(cluster, session, from: 1, through: 300);
            // 300 entries with a snapshot every 50 and 10 kept: the Raft log no longer has the first ones.
            foreach (var node in cluster.Nodes.Keys)
            {
                await Eventually.HoldsAsync(() => Store(cluster, node).LastOffset == 300, Patience, $"node {node}'s event log to reach 300");
                AssertDense(Store(cluster, node), from: 1, through: 300);
            }

            await cluster.CrashAndRestartAsync(3);
            await DepositAsync(cluster, session, from: 301, through: 320);
            await Eventually.HoldsAsync(() => Store(cluster, 3).LastOffset == 320, Patience, "node 3's event log to reach 320 after its restart");
            AssertDense(Store(cluster, 3), from: 1, through: 320);
        }
        finally
        {
            events.Delete(recursive: true);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_replica_installed_from_a_snapshot_serves_from_after_it_and_sends_readers_of_older_offsets_elsewhere()
    {
        var events = Directory.CreateTempSubdirectory("ep-events-");
        try
        {
            await using var cluster = new SchedulerCluster(shards: 1, snapshotEvery: 50,
                configure: (id, options) => options with { EventLogDirectory = Path.Combine(events.FullName, $"n{id}") });
            var session = Guid.CreateVersion7();
            await DepositAsync(cluster, session, from: 1, through: 20);
            await Eventually.HoldsAsync(() => Store(cluster, 3).LastOffset == 20, Patience, "node 3's event log to reach 20");
            var device = cluster.Device(3);
            await cluster.StopAsync(3);

            // While node 3 is down the others compact their logs past what it has: it must be sent a snapshot.
            await DepositAsync(cluster, session, from: 21, through: 300);
            cluster.Start(3, device);
            await DepositAsync(cluster, session, from: 301, through: 310);
            await Eventually.HoldsAsync(() => Store(cluster, 3).LastOffset == 310, Patience, "node 3's event log to reach 310");

            var store = Store(cluster, 3);
            Assert.Equal(EventLogStart.Snapshot, store.Start);
            Assert.True(store.FirstOffset > 21, $"node 3's log starts at {store.FirstOffset}");
            Assert.Equal(EventReadStatus.NotOnReplica, store.Read(1, 10, 1 << 20, [], out var oldest));
            Assert.Equal(store.FirstOffset, oldest);
            AssertDense(store, from: store.FirstOffset, through: 310);
            // The replicas that never missed anything still serve from 1.
            AssertDense(Store(cluster, 1), from: 1, through: 310);
        }
        finally
        {
            events.Delete(recursive: true);
        }
    }

    private static EventLogStore Store(SchedulerCluster cluster, ulong node) =>
        cluster.Nodes[node].EventLogs.TryGet(Accounts0, out var store) ? store : throw new InvalidOperationException($"node {node} has no event log for {Accounts0}");

    private static async Task DepositAsync(SchedulerCluster cluster, Guid session, int from, int through)
    {
        for (var i = from; i <= through; i++)
        {
            var result = await cluster.SendAsync("accounts", "acct", """{"type":"deposit","amount":1}""", session, (ulong)i);
            Assert.Equal(RequestStatus.Ok, result.Status);
            Assert.Equal((ulong)i, result.Reply!.FirstEventOffset);
        }
    }

    private static void AssertDense(EventLogStore store, ulong from, ulong through)
    {
        var read = new List<StoredEvent>();
        var next = from;
        while (next <= through)
        {
            var batch = new List<StoredEvent>();
            Assert.Equal(EventReadStatus.Ok, store.Read(next, 100, 1 << 20, batch, out _));
            Assert.NotEmpty(batch);
            read.AddRange(batch);
            next = batch[^1].Offset + 1;
        }

        Assert.Equal(Enumerable.Range((int)from, (int)(through - from + 1)).Select(i => (ulong)i), read.Select(e => e.Offset).Take((int)(through - from + 1)));
        Assert.All(read, e => Assert.Equal("acct", e.EntityId));
    }
}
