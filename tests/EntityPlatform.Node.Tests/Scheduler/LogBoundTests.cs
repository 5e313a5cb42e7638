using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>Issue 12: a node's log stays bounded by compaction driven from its snapshot path.</summary>
public sealed class LogBoundTests
{
    private const long CompactAboveBytes = 64 << 10;

    [Fact(Timeout = 180_000)]
    public async Task Every_nodes_log_stays_bounded_while_many_times_its_bound_is_written_through_the_cluster()
    {
        await using var cluster = new SchedulerCluster(shards: 2, snapshotEvery: 100,
            engineOptions: new LogEngineOptions { CompactAboveBytes = CompactAboveBytes, RelocateBudgetBytes = 128 << 10 });
        // Long entity ids make each entry ~600 bytes; eight ids keep the snapshots themselves small.
        var ids = Enumerable.Range(0, 8).Select(i => $"counter-{i}-" + new string('x', 500)).ToArray();
        long maxLogBytes = 0;
        const int Commands = 4_000; // a multiple of the 20 sent at once
        for (var i = 1; i <= Commands; i += 20)
        {
            var sends = Enumerable.Range(i, 20).Select(k =>
                cluster.SendAsync("counters", ids[k % ids.Length], """{"type":"increment","by":1}""", Guid.CreateVersion7(), 1));
            foreach (var result in await Task.WhenAll(sends))
            {
                Assert.Equal(RequestStatus.Ok, result.Status);
            }

            maxLogBytes = Math.Max(maxLogBytes, cluster.Nodes.Keys.Max(cluster.LogBytes));
        }

        // About 2.4 MB of entries go through each node's log: 37 times the threshold. The bound is the
        // threshold, plus the newer half a pass keeps, plus one busy round of writes before the next pass.
        var bound = 3 * CompactAboveBytes;
        Assert.True(maxLogBytes <= bound, $"a node's log reached {maxLogBytes} bytes (bound {bound})");
        foreach (var node in cluster.Nodes.Keys)
        {
            var total = 0L;
            foreach (var id in ids)
            {
                var read = await cluster.QueryUntilAnsweredAsync(node, "counters", id, "value", ReadConsistency.Linearizable);
                Assert.Equal(RequestStatus.Ok, read.Status);
                total += long.Parse(System.Text.Encoding.UTF8.GetString(read.QueryResult!));
            }

            Assert.Equal(Commands, total);
        }
    }
}
