using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Node.LocalMode;

/// <summary>The cluster as the nodes report it: which node leads each shard, from every node's admin status (on its internal port).</summary>
public sealed class ClusterView(IReadOnlyDictionary<(string Type, uint Shard), ulong> leaders, IReadOnlyDictionary<(string Type, uint Shard), ulong[]> replicas, int unreachableNodes)
{
    public IReadOnlyDictionary<(string Type, uint Shard), ulong> Leaders => leaders;
    public IReadOnlyDictionary<(string Type, uint Shard), ulong[]> Replicas => replicas;
    public int UnreachableNodes => unreachableNodes;

    /// <summary>Asks every node of a local cluster, as its administrator when it runs with TLS.</summary>
    public static Task<ClusterView> CollectAsync(LocalState state, int totalShards) =>
        CollectAsync(state.Nodes, totalShards, state.Certificates?.AdminChannel());

    /// <param name="admin">Channel settings with an admin certificate, for nodes with TLS; null for plaintext nodes.</param>
    public static async Task<ClusterView> CollectAsync(IReadOnlyList<LocalNode> nodes, int totalShards, ChannelSettings? admin = null)
    {
        var leaders = new Dictionary<(string, uint), ulong>();
        var replicas = new Dictionary<(string, uint), List<ulong>>();
        var unreachable = 0;
        foreach (var node in nodes)
        {
            using var channel = Channels.Create(node.InternalAddress, admin);
            try
            {
                var status = await new AdminService.AdminServiceClient(channel).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(1));
                foreach (var shard in status.Shards)
                {
                    var key = (shard.EntityType, shard.ShardId);
                    if (!replicas.TryGetValue(key, out var list))
                    {
                        replicas[key] = list = [];
                    }

                    list.Add(node.Id);
                    if (shard.Role == ReplicaRole.Leader)
                    {
                        leaders[key] = node.Id;
                    }
                }
            }
            catch (Exception error) when (error is RpcException or HttpRequestException or OperationCanceledException)
            {
                unreachable++;
            }
        }

        return new ClusterView(leaders, replicas.ToDictionary(pair => pair.Key, pair => pair.Value.Order().ToArray()), unreachable);
    }
}
