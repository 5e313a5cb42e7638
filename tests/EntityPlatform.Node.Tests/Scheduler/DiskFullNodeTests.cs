using System.Text;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>Issue 12: a node whose disk fills refuses writes with a clear error, loses nothing acknowledged, and serves again once space returns.</summary>
public sealed class DiskFullNodeTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_full_disk_stops_that_node_with_a_clear_error_loses_nothing_acknowledged_and_it_catches_up_when_space_returns()
    {
        await using var cluster = new SchedulerCluster(shards: 1);
        var acknowledged = 0;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(RequestStatus.Ok, (await Increment(cluster)).Status);
            acknowledged++;
        }

        // Node 3's disk fills: its next commit is refused and its loop stops with the storage error.
        var device = cluster.Device(3);
        device.CapacityBytes = device.UsedBytes + 2_000;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cluster.Nodes[3].Failure is null && DateTime.UtcNow < deadline)
        {
            Assert.Equal(RequestStatus.Ok, (await Increment(cluster)).Status);
            acknowledged++;
        }

        var failure = Assert.IsType<StorageFullException>(cluster.Nodes[3].Failure);
        Assert.Contains("the log device is full", failure.Message);
        var refused = await cluster.Nodes[3].SubmitCommand(new CommandRequest(cluster.Catalog.ShardOf("counters", "c"), "c",
            Encoding.UTF8.GetBytes("""{"type":"increment","by":1}"""), Guid.CreateVersion7(), 1, DateTime.UtcNow.AddSeconds(2)));
        Assert.NotEqual(RequestStatus.Ok, refused.Status);

        // The other two still commit.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(RequestStatus.Ok, (await Increment(cluster)).Status);
            acknowledged++;
        }

        // Space returns; the node restarts (as its supervisor would) and holds every acknowledged write.
        device.CapacityBytes = long.MaxValue;
        await cluster.CrashAndRestartAsync(3);
        await WaitForValueAsync(cluster, node: 3, acknowledged);
        foreach (var node in cluster.Nodes.Keys)
        {
            await WaitForValueAsync(cluster, node, acknowledged);
        }
    }

    private static Task<RequestResult> Increment(SchedulerCluster cluster) =>
        cluster.SendAsync("counters", "c", """{"type":"increment","by":1}""", Guid.CreateVersion7(), 1);

    private static async Task WaitForValueAsync(SchedulerCluster cluster, ulong node, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            var read = await cluster.QueryAsync(node, "counters", "c", "value", ReadConsistency.Linearizable);
            seen = read.Status == RequestStatus.Ok ? Encoding.UTF8.GetString(read.QueryResult!) : read.Status.ToString();
            if (seen == expected.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"node {node} answers {seen}; expected {expected}");
    }
}
