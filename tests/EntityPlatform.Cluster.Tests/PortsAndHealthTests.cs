using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Real node processes: the client port serves only the client API, the internal port only the peer and
/// admin APIs, and grpc.health.v1 reports the client API SERVING once the node's shards have leaders.
/// </summary>
public sealed class PortsAndHealthTests
{
    [Fact(Timeout = 120_000)]
    public async Task Each_port_serves_its_own_services_and_health_follows_readiness()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        var node = cluster.Nodes[0];
        using var client = Channels.Create(node.GrpcAddress);
        using var @internal = Channels.Create(node.InternalAddress);

        // Readiness is refreshed every 250 ms: wait for SERVING with a deadline rather than sleeping.
        var until = DateTime.UtcNow.AddSeconds(30);
        HealthCheckResponse.Types.ServingStatus status;
        do
        {
            status = (await new Health.HealthClient(client).CheckAsync(new HealthCheckRequest { Service = EntityService.Descriptor.FullName },
                deadline: DateTime.UtcNow.AddSeconds(5))).Status;
        }
        while (status != HealthCheckResponse.Types.ServingStatus.Serving && DateTime.UtcNow < until && await Delay());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status);

        var topology = await new EntityService.EntityServiceClient(client).TopologyAsync(new TopologyRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        Assert.All(topology.Nodes, n => Assert.Equal(cluster.Node(n.NodeId).GrpcAddress.ToString().TrimEnd('/') + "/", n.Address));
        var adminOnClientPort = await Assert.ThrowsAsync<RpcException>(() =>
            new AdminService.AdminServiceClient(client).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, adminOnClientPort.StatusCode);
        var entityOnInternalPort = await Assert.ThrowsAsync<RpcException>(() =>
            new EntityService.EntityServiceClient(@internal).TopologyAsync(new TopologyRequest(), deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, entityOnInternalPort.StatusCode);
        var status2 = await new AdminService.AdminServiceClient(@internal).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(node.Id, status2.NodeId);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
