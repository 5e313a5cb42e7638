using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Security;
using Grpc.Core;

namespace EntityPlatform.Node.Tests.Security;

/// <summary>Issue 15, proof 2: admin calls need the admin identity; others get PERMISSION_DENIED and change nothing.</summary>
public sealed class AdminPortSecurityTests : IAsyncLifetime
{
    private SecureNode _node = null!;

    public async Task InitializeAsync() => _node = await SecureNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory(Timeout = 60_000)]
    [InlineData("node")]
    [InlineData("client")]
    public async Task Apply_placement_without_the_admin_identity_is_denied_and_the_placement_is_unchanged(string role)
    {
        var identity = role == "node" ? CertificateIdentity.ForNode(2) : CertificateIdentity.ForClient("app");
        var admin = new AdminService.AdminServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(identity)));

        var error = await Assert.ThrowsAsync<RpcException>(() => admin.ApplyPlacementAsync(EvictingPlacement(), deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("ApplyPlacement", error.Status.Detail);
        Assert.Contains("admin certificate", error.Status.Detail);
        Assert.Equal(1, _node.Host.Scheduler.PlacementVersion);
    }

    [Fact(Timeout = 60_000)]
    public async Task Drain_without_the_admin_identity_is_denied()
    {
        var admin = new AdminService.AdminServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(CertificateIdentity.ForNode(2))));

        var error = await Assert.ThrowsAsync<RpcException>(() => admin.DrainAsync(new DrainRequest(), deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(System.TimeSpan.Zero, await _node.Host.Scheduler.DrainRemainingAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Admin_calls_without_a_certificate_are_refused_at_the_handshake()
    {
        var admin = new AdminService.AdminServiceClient(_node.Channel(_node.InternalAddress, certificate: null));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => admin.ApplyPlacementAsync(EvictingPlacement(), deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync);

        PeerPortSecurityTests.AssertRefusedAtHandshake(error);
        Assert.Equal(1, _node.Host.Scheduler.PlacementVersion);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_admin_identity_applies_a_placement()
    {
        var admin = new AdminService.AdminServiceClient(_node.Channel(_node.InternalAddress, _node.Certificate(CertificateIdentity.ForAdmin("operator"))));
        var request = new ApplyPlacementRequest { Version = 2 };
        request.Nodes.Add(new NodeAddress { NodeId = 1, Address = _node.InternalAddress.ToString(), ClientAddress = _node.ClientAddress.ToString() });
        foreach (var type in new[] { "counter", "accounts" })
        {
            var shard = new ShardPlacement { EntityType = type, ShardId = 0 };
            shard.ReplicaNodeIds.Add(1);
            request.Shards.Add(shard);
        }

        var reply = await admin.ApplyPlacementAsync(request, deadline: DateTime.UtcNow.AddSeconds(20));

        Assert.Equal(2ul, reply.AppliedVersion);
        Assert.Equal(2, _node.Host.Scheduler.PlacementVersion);
    }

    /// <summary>A newer placement that moves every replica to a node 9 at an attacker's address.</summary>
    private static ApplyPlacementRequest EvictingPlacement()
    {
        var request = new ApplyPlacementRequest { Version = 7 };
        request.Nodes.Add(new NodeAddress { NodeId = 9, Address = "https://127.0.0.1:1", ClientAddress = "https://127.0.0.1:2" });
        foreach (var type in new[] { "counter", "accounts" })
        {
            var shard = new ShardPlacement { EntityType = type, ShardId = 0 };
            shard.ReplicaNodeIds.Add(9);
            request.Shards.Add(shard);
        }

        return request;
    }
}
