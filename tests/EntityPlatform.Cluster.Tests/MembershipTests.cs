namespace EntityPlatform.Cluster.Tests;

/// <summary>Placement changes and replica recovery with real node processes (issue 5).</summary>
public sealed class MembershipTests
{
    [Fact(Timeout = 180_000)]
    public async Task Placement_moves_from_three_to_four_nodes_and_back_under_load_without_losing_writes()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        var workload = new CounterWorkload(() => cluster.Client, writers: 4, prefix: "move");
        workload.Start();

        // 3 → 4: node 4 starts with the new placement; the others adopt it through the admin API.
        var founders = cluster.Nodes.ToArray();
        var node4 = cluster.AddNode();
        var grownPath = cluster.ClusterPath + ".v2";
        var grown = cluster.WriteClusterFile(cluster.Nodes, version: 2, grownPath, cluster.Cluster);
        cluster.Start(node4.Id, grownPath);
        await cluster.ApplyPlacementAsync(grown, cluster.Nodes);
        await WaitForPlacementAsync(cluster, grown);

        // 4 → 3: node 4's replicas move back before it stops.
        var shrunkPath = cluster.ClusterPath + ".v3";
        var shrunk = cluster.WriteClusterFile(founders, version: 3, shrunkPath, grown);
        await cluster.ApplyPlacementAsync(shrunk, cluster.Nodes);
        await WaitForPlacementAsync(cluster, shrunk);
        await workload.StopAsync();
        cluster.Kill(node4.Id);
        cluster.RefreshClient();
        Assert.True(workload.Acknowledged > 50, $"only {workload.Acknowledged} writes were acknowledged");
        await workload.AssertExactlyOnceAsync(cluster.Client);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_wiped_replica_rejoins_from_a_snapshot_and_serves_the_current_state()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 1, snapshotEveryEntries: 20);
        await cluster.WaitForLeadersAsync();
        var session = Guid.CreateVersion7();
        for (ulong i = 1; i <= 60; i++)
        {
            Assert.NotNull((await cluster.Client.CommandAsync("counter", "w", """{"type":"increment","by":1}""", session, i, TimeSpan.FromSeconds(10)))?.Accepted);
        }

        var view = await cluster.ViewAsync();
        var follower = cluster.Nodes.First(node => node.Id != view.Leaders[("counter", 0)]).Id;
        cluster.Kill(follower);
        await Task.Delay(300);
        cluster.WipeData(follower);
        cluster.Start(follower, rejoin: true);
        await cluster.WaitForLeadersAsync();

        using var channel = EntityPlatform.Contracts.Wire.Channels.Create(cluster.Node(follower).GrpcAddress);
        var client = new EntityPlatform.Grpc.Api.V1.EntityService.EntityServiceClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string value = "";
        while (DateTime.UtcNow < deadline && value != "60")
        {
            try
            {
                var reply = await client.QueryAsync(new EntityPlatform.Grpc.Api.V1.QueryRequest
                {
                    EntityType = "counter", EntityId = "w", QueryName = "value", Consistency = EntityPlatform.Grpc.Api.V1.Consistency.Linearizable,
                }, deadline: DateTime.UtcNow.AddSeconds(2));
                value = reply.Result.ToStringUtf8();
            }
            catch (global::Grpc.Core.RpcException)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(value == "60", $"the wiped replica answered '{value}'\n{cluster.LogTails()}");
        Assert.Contains(File.ReadLines(cluster.Node(follower).LogFile), line => line.Contains("snapshot", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task WaitForPlacementAsync(ProcessCluster cluster, Node.Hosting.ClusterFile target)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var view = await cluster.ViewAsync();
            var done = target.Placement.Shards.All(shard =>
                view.Replicas.TryGetValue((shard.EntityType, (uint)shard.Shard), out var nodes) &&
                nodes.SequenceEqual(shard.Replicas.Order()) && view.Leaders.ContainsKey((shard.EntityType, (uint)shard.Shard)));
            if (done)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"placement v{target.Placement.Version} was not reached in time\n{cluster.LogTails()}");
    }
}
