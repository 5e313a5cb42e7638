using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;

namespace EntityPlatform.Cluster.Tests;

/// <summary>End-to-end behaviour of real node processes on 127.0.0.1 (issue 5).</summary>
public sealed class ClusterTests
{
    [Fact(Timeout = 120_000)]
    public async Task Any_node_accepts_commands_and_every_replica_serves_linearizable_and_stale_bounded_reads()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        var session = Guid.CreateVersion7();
        for (ulong i = 1; i <= 10; i++)
        {
            Assert.NotNull((await cluster.Client.CommandAsync("accounts", $"acct-{i}", """{"type":"deposit","amount":7}""", session, i, TimeSpan.FromSeconds(10)))?.Accepted);
        }

        foreach (var node in cluster.Nodes)
        {
            using var channel = Channels.Create(node.GrpcAddress);
            var client = new EntityService.EntityServiceClient(channel);
            for (ulong i = 1; i <= 10; i++)
            {
                // Every node holds a replica of every shard here, so leaders and followers both answer locally.
                var linearizable = await client.QueryAsync(new QueryRequest { EntityType = "accounts", EntityId = $"acct-{i}", QueryName = "balance", Consistency = Consistency.Linearizable });
                Assert.Equal("7", linearizable.Result.ToStringUtf8());
            }

            var stale = await client.QueryAsync(new QueryRequest { EntityType = "accounts", EntityId = "acct-1", QueryName = "balance", Consistency = Consistency.BoundedStaleness, MaxStalenessMs = 5_000 });
            Assert.Equal("7", stale.Result.ToStringUtf8());
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Killing_and_restarting_a_leader_under_load_loses_no_acknowledged_write_and_duplicates_none()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        var workload = new CounterWorkload(() => cluster.Client, writers: 6, prefix: "kill");
        workload.Start();
        await Task.Delay(1_500);
        var view = await cluster.ViewAsync();
        var victim = view.Leaders[("counter", 0)];
        cluster.Kill(victim);
        await Task.Delay(2_000);
        cluster.Start(victim);
        await Task.Delay(2_000);
        await workload.StopAsync();
        await cluster.WaitForLeadersAsync();
        cluster.RefreshClient();
        Assert.True(workload.Acknowledged > 50, $"only {workload.Acknowledged} writes were acknowledged");
        await workload.AssertExactlyOnceAsync(cluster.Client);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_same_request_sent_to_every_node_concurrently_is_applied_once()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        var request = new CommandRequest
        {
            EntityType = "counter", EntityId = "once", Payload = ByteString.CopyFromUtf8("""{"type":"increment","by":5}"""),
            ClientSessionId = Guid.CreateVersion7().ToString(), RequestId = 1,
        };
        var channels = cluster.Nodes.Select(node => Channels.Create(node.GrpcAddress)).ToArray();
        try
        {
            var sends = channels.SelectMany(channel => Enumerable.Range(0, 5).Select(_ => SendUntilAnsweredAsync(new EntityService.EntityServiceClient(channel), request)));
            var replies = await Task.WhenAll(sends);
            Assert.All(replies, reply => Assert.Equal(replies[0].Accepted.FirstEventOffset, reply.Accepted.FirstEventOffset));
            Assert.Equal("5", await cluster.Client.QueryAsync("counter", "once", "value"));
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<CommandReply> SendUntilAnsweredAsync(EntityService.EntityServiceClient client, CommandRequest request)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.CommandAsync(request, deadline: DateTime.UtcNow.AddSeconds(2));
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && attempt < 50)
            {
                await Task.Delay(20);
            }
        }
    }
}
