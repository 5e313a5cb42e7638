using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Nodes;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>Lists the EntityType's pods and asks every ready one for its replicas, all in parallel.</summary>
public sealed class ObservationCollector(KubernetesClient client, INodeAdmin admin, INodeAddresses addresses)
{
    public async Task<ClusterObservation> CollectAsync(EntityType type, CancellationToken cancellation)
    {
        var pods = (await client.ListAsync<V1Pod>(type.Metadata.NamespaceProperty!, new ListOptions { LabelSelector = ObjectNames.SelectorQuery(type) }, cancellation)
            .ConfigureAwait(false)).Items;
        var ready = pods.Where(ClusterObservation.IsReady).Where(pod => ObjectNames.Ordinal(type, pod.Metadata.Name ?? "") >= 0).ToArray();
        var replies = await Task.WhenAll(ready.Select(pod =>
            admin.StatusAsync(addresses.Grpc(type, ObjectNames.Ordinal(type, pod.Metadata.Name!)), cancellation))).ConfigureAwait(false);

        var shards = new Dictionary<int, List<ReplicaObservation>>();
        var unreachable = new HashSet<string>();
        for (var i = 0; i < ready.Length; i++)
        {
            var name = ready[i].Metadata.Name!;
            if (replies[i] is not { } reply)
            {
                unreachable.Add(name);
                continue;
            }

            foreach (var shard in reply.Shards.Where(shard => shard.EntityType == ObjectNames.HostedEntityType(type)))
            {
                if (!shards.TryGetValue((int)shard.ShardId, out var list))
                {
                    shards[(int)shard.ShardId] = list = [];
                }

                list.Add(new ReplicaObservation(name, shard.Role, shard.Lag, shard.LeaderNodeId));
            }
        }

        return new ClusterObservation([.. pods], shards, unreachable);
    }
}
