using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// The admin API refuses input that would corrupt a node's view (issue 12, item 13): placement versions that
/// do not fit a signed 64-bit version, peer addresses changed without a newer placement, and drains that
/// never end. Real node processes, talked to over the admin API as the operator does.
/// </summary>
public sealed class AdminInputTests
{
    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(10);

    [Fact(Timeout = 120_000)]
    public async Task A_placement_version_at_or_above_2_pow_63_is_refused_and_changes_no_address()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 1);
        await cluster.WaitForLeadersAsync();
        var node = cluster.Nodes[0];
        using var channel = Channels.Create(node.InternalAddress);
        using var clientChannel = Channels.Create(node.GrpcAddress);
        var before = await TopologyAsync(clientChannel);

        var request = PlacementOf(cluster, version: 1UL << 63);
        MoveAddress(request, nodeId: cluster.Nodes[1].Id);
        var error = await Assert.ThrowsAsync<RpcException>(() => new AdminService.AdminServiceClient(channel).ApplyPlacementAsync(request, deadline: Deadline).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("version is 9223372036854775808", error.Status.Detail);
        var after = await TopologyAsync(clientChannel);
        Assert.Equal(before.PlacementVersion, after.PlacementVersion);
        Assert.Equal(AddressOf(before, cluster.Nodes[1].Id), AddressOf(after, cluster.Nodes[1].Id));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_peer_address_changes_only_together_with_a_newer_placement_version()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 1);
        await cluster.WaitForLeadersAsync();
        var node = cluster.Nodes[0];
        var peer = cluster.Nodes[1].Id;
        using var channel = Channels.Create(node.InternalAddress);
        using var clientChannel = Channels.Create(node.GrpcAddress);
        var admin = new AdminService.AdminServiceClient(channel);
        var inForce = (await TopologyAsync(clientChannel)).PlacementVersion;
        var original = AddressOf(await TopologyAsync(clientChannel), peer);

        // The version in force again, with another address: refused, nothing changes.
        var same = PlacementOf(cluster, inForce);
        var moved = MoveAddress(same, peer);
        var error = await Assert.ThrowsAsync<RpcException>(() => admin.ApplyPlacementAsync(same, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"node {peer}", error.Status.Detail);
        Assert.Equal(original, AddressOf(await TopologyAsync(clientChannel), peer));

        // A newer version moves it; then an older one (a reordered retry) cannot move it back.
        var newer = PlacementOf(cluster, inForce + 1);
        MoveAddress(newer, peer);
        Assert.Equal(inForce + 1, (await admin.ApplyPlacementAsync(newer, deadline: Deadline)).AppliedVersion);
        Assert.Equal(moved, AddressOf(await TopologyAsync(clientChannel), peer));

        var older = PlacementOf(cluster, inForce);
        Assert.Equal(inForce + 1, (await admin.ApplyPlacementAsync(older, deadline: Deadline)).AppliedVersion);
        Assert.Equal(moved, AddressOf(await TopologyAsync(clientChannel), peer));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_drain_holds_leadership_away_until_it_is_undone()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 2);
        await cluster.WaitForLeadersAsync();
        var drained = cluster.Cluster.Placement.Shards.First().Replicas[0];
        var preferred = cluster.Cluster.Placement.Shards.Where(shard => shard.Replicas[0] == drained)
            .Select(shard => (shard.EntityType, (uint)shard.Shard)).ToArray();
        await WaitUntilAsync(cluster, view => preferred.All(shard => view.Leaders.GetValueOrDefault(shard) == drained), "the preferred node leads its shards");
        using var channel = Channels.Create(cluster.Node(drained).InternalAddress);
        var admin = new AdminService.AdminServiceClient(channel);

        var drain = await admin.DrainAsync(new DrainRequest { TimeoutMs = 20_000, HoldMs = 3_600_000 }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(0u, drain.LeadersRemaining);
        Assert.InRange(drain.HoldRemainingMs, 3_500_000UL, 3_600_000UL);
        Assert.True((await admin.StatusAsync(new StatusRequest(), deadline: Deadline)).DrainHoldRemainingMs > 0);

        // Undone: the preferred-leader rule hands the node its shards back.
        await admin.DrainAsync(new DrainRequest { Undo = true }, deadline: Deadline);
        Assert.Equal(0UL, (await admin.StatusAsync(new StatusRequest(), deadline: Deadline)).DrainHoldRemainingMs);
        await WaitUntilAsync(cluster, view => preferred.All(shard => view.Leaders.GetValueOrDefault(shard) == drained), "the undrained node leads its preferred shards again");
    }

    [Fact(Timeout = 120_000)]
    public async Task A_drain_hold_beyond_an_hour_or_an_undo_with_a_timeout_is_refused()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 1);
        await cluster.WaitForLeadersAsync();
        using var channel = Channels.Create(cluster.Nodes[0].InternalAddress);
        var admin = new AdminService.AdminServiceClient(channel);

        var tooLong = await Assert.ThrowsAsync<RpcException>(() => admin.DrainAsync(new DrainRequest { HoldMs = 3_600_001 }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Contains("hold_ms is 3600001", tooLong.Status.Detail);
        var mixed = await Assert.ThrowsAsync<RpcException>(() => admin.DrainAsync(new DrainRequest { Undo = true, TimeoutMs = 5 }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, mixed.StatusCode);
        Assert.Contains("undo", mixed.Status.Detail);
        Assert.Equal(0UL, (await admin.StatusAsync(new StatusRequest(), deadline: Deadline)).DrainHoldRemainingMs);
    }

    private static ApplyPlacementRequest PlacementOf(ProcessCluster cluster, ulong version)
    {
        var file = cluster.Cluster;
        var request = new ApplyPlacementRequest { Version = version };
        request.Nodes.AddRange(file.Nodes.Select(node => new NodeAddress { NodeId = node.Id, Address = node.Address, ClientAddress = node.ClientAddress ?? "" }));
        request.Shards.AddRange(file.Placement.Shards.Select(shard =>
        {
            var entry = new ShardPlacement { EntityType = shard.EntityType, ShardId = (uint)shard.Shard };
            entry.ReplicaNodeIds.AddRange(shard.Replicas);
            return entry;
        }));
        return request;
    }

    // Names the same endpoints by "localhost" instead of their IP: different addresses that still work.
    // Returns the new client address, which Topology shows (the internal one moves with it).
    private static string MoveAddress(ApplyPlacementRequest request, ulong nodeId)
    {
        var entry = request.Nodes.Single(node => node.NodeId == nodeId);
        entry.Address = entry.Address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        entry.ClientAddress = entry.ClientAddress.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        Assert.Contains("localhost", entry.Address);
        Assert.Contains("localhost", entry.ClientAddress);
        return new Uri(entry.ClientAddress).ToString();
    }

    private static Task<TopologyReply> TopologyAsync(GrpcChannel channel) =>
        new EntityService.EntityServiceClient(channel).TopologyAsync(new TopologyRequest(), deadline: Deadline).ResponseAsync;

    private static string AddressOf(TopologyReply topology, ulong nodeId) => new Uri(topology.Nodes.Single(node => node.NodeId == nodeId).Address).ToString();

    private static async Task WaitUntilAsync(ProcessCluster cluster, Func<EntityPlatform.Node.LocalMode.ClusterView, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var view = await cluster.ViewAsync();
            if (condition(view))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}; leaders: {string.Join(", ", view.Leaders.Select(pair => $"{pair.Key}={pair.Value}"))}\n{cluster.LogTails()}");
            await Task.Delay(200);
        }
    }
}
