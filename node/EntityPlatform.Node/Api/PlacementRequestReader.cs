using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Reads an ApplyPlacement request and checks all of it before any of it takes effect, so a bad request
/// changes nothing. Each failure is INVALID_ARGUMENT naming the field and what was expected.
/// </summary>
internal static class PlacementRequestReader
{
    /// <summary>The largest version: versions are signed 64-bit inside the node, and must stay positive.</summary>
    public const ulong MaxVersion = long.MaxValue;

    public static NodePlacement Placement(ApplyPlacementRequest request, ShardCatalog catalog)
    {
        if (request.Version is 0 or > MaxVersion)
        {
            throw RequestValidation.Invalid($"version is {request.Version}; expected 1 to {MaxVersion} (2^63-1)");
        }

        var replicas = new Dictionary<ShardId, IReadOnlyList<ulong>>();
        foreach (var shard in request.Shards)
        {
            if (!catalog.Hosts(shard.EntityType) || shard.ShardId >= catalog.ShardCount(shard.EntityType))
            {
                throw RequestValidation.Invalid($"shards: {shard.EntityType}/{shard.ShardId} is not a shard of this cluster");
            }

            if (shard.ReplicaNodeIds.Count == 0 || shard.ReplicaNodeIds.Contains(0UL) || shard.ReplicaNodeIds.Distinct().Count() != shard.ReplicaNodeIds.Count)
            {
                throw RequestValidation.Invalid($"shards: {shard.EntityType}/{shard.ShardId} needs distinct non-zero replica node ids, got [{string.Join(' ', shard.ReplicaNodeIds)}]");
            }

            if (!replicas.TryAdd(new ShardId(shard.EntityType, (int)shard.ShardId), shard.ReplicaNodeIds.ToArray()))
            {
                throw RequestValidation.Invalid($"shards: {shard.EntityType}/{shard.ShardId} appears more than once; expected one entry per shard");
            }
        }

        return new NodePlacement((long)request.Version, replicas);
    }

    /// <summary>A node's internal address (peer transport, admin) and, when given, its client address.</summary>
    public readonly record struct NodeAddresses(Uri Internal, Uri? Client);

    public static IReadOnlyDictionary<ulong, NodeAddresses> Addresses(ApplyPlacementRequest request)
    {
        var addresses = new Dictionary<ulong, NodeAddresses>();
        foreach (var node in request.Nodes)
        {
            if (node.NodeId == 0 || !IsHttpUrl(node.Address, out var address))
            {
                throw RequestValidation.Invalid($"nodes: node {node.NodeId} has address '{node.Address}'; expected a non-zero id and an absolute http:// or https:// URL");
            }

            Uri? client = null;
            if (node.ClientAddress.Length > 0 && !IsHttpUrl(node.ClientAddress, out client))
            {
                throw RequestValidation.Invalid($"nodes: node {node.NodeId} has client_address '{node.ClientAddress}'; expected an absolute http:// or https:// URL, or empty");
            }

            if (!addresses.TryAdd(node.NodeId, new NodeAddresses(address, client)))
            {
                throw RequestValidation.Invalid($"nodes: node {node.NodeId} appears more than once; expected one address per node");
            }
        }

        return addresses;
    }

    private static bool IsHttpUrl(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url) && url.Scheme is "http" or "https";
}
