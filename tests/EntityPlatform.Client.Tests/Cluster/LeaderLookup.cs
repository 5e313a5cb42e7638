using EntityPlatform.Entities.Routing;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace EntityPlatform.Client.Tests.Cluster;

/// <summary>Asks every node of a test cluster who leads an entity's shard, independently of the client under test.</summary>
public static class LeaderLookup
{
    /// <summary>The leader with the highest term any reachable node reports, or 0 when none is known.</summary>
    public static async Task<ulong> LeaderOfAsync(NodeCluster cluster, string entityType, string entityId)
    {
        var best = (Leader: 0UL, Term: 0UL);
        foreach (var node in cluster.Nodes)
        {
            using var channel = Channels.Create(node.GrpcAddress);
            try
            {
                var reply = await new EntityService.EntityServiceClient(channel).TopologyAsync(new TopologyRequest(), deadline: DateTime.UtcNow.AddMilliseconds(500));
                var type = reply.EntityTypes.Single(type => type.Name == entityType);
                var shard = (uint)StableHash64.ShardOf(entityId, (int)type.Shards);
                foreach (var leader in type.Leaders.Where(leader => leader.ShardId == shard && leader.LeaderNodeId != 0 && leader.Term >= best.Term))
                {
                    best = (leader.LeaderNodeId, leader.Term);
                }
            }
            catch (RpcException)
            {
            }
        }

        return best.Leader;
    }
}
