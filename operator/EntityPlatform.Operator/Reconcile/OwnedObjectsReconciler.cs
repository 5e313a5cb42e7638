using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Applies the owned objects with server-side apply (one field manager, forced: the operator owns these
/// fields): the two Services, the PodDisruptionBudget, the placement ConfigMap's first version, and the
/// StatefulSet. The first placement is planned over the pods that are about to exist, because a new
/// shard's founding replicas must be in the file the pods read at start.
/// </summary>
public sealed class OwnedObjectsReconciler(KubernetesClient client, INodeAddresses addresses)
{
    public async Task<ReconcileResult> ReconcileAsync(ReconcileContext context, CancellationToken cancellation)
    {
        var type = context.Type;
        var ns = type.Metadata.NamespaceProperty!;
        context.StatefulSet = await client.GetAsync<V1StatefulSet>(ns, ObjectNames.StatefulSet(type), cancellation).ConfigureAwait(false);
        var replicas = context.StatefulSet?.Spec.Replicas ?? type.Spec.Nodes;

        if (context.Placement is null)
        {
            var founders = Enumerable.Range(0, replicas).Select(ordinal => new PlacementNode(ObjectNames.Pod(type, ordinal))).ToArray();
            var first = PlacementPlanner.Plan(new PlacementRequest(type.Spec.Shards, type.Spec.ReplicationFactorOrDefault(), founders, null));
            await ApplyAsync(PlacementConfigMapBuilder.Build(type, first, replicas, addresses), cancellation).ConfigureAwait(false);
            context.Placement = first;
        }
        else if (context.Document?.Raft != PlacementConfigMapBuilder.Raft(type)
            || (context.Document?.Founded != true && PlacementConfigMapBuilder.IsFounded(type, context.Document)))
        {
            // Also once the cluster is founded: from then on a node pod whose volume is empty rejoins (--auto-rejoin).
            // spec.raft changed: the file gets the new timings (same placement version), and the pod
            // template's raft annotation changed with them, so the rolling update restarts every node
            // onto the file, one at a time. Running nodes read timings only at start.
            var nodeCount = Math.Max(type.Spec.Nodes, replicas);
            await ApplyAsync(PlacementConfigMapBuilder.Build(type, context.Placement, nodeCount, addresses,
                PlacementConfigMapBuilder.IsFounded(type, context.Document)), cancellation).ConfigureAwait(false);
        }

        await ApplyAsync(ServiceBuilder.Peers(type), cancellation).ConfigureAwait(false);
        await ApplyAsync(ServiceBuilder.Client(type), cancellation).ConfigureAwait(false);
        await ApplyAsync(DisruptionBudgetBuilder.Build(type), cancellation).ConfigureAwait(false);
        context.StatefulSet = await ApplyAsync(StatefulSetBuilder.Build(type, replicas), cancellation).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private Task<T> ApplyAsync<T>(T desired, CancellationToken cancellation)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        client.ApplyAsync(desired, ObjectNames.FieldManager, force: true, cancellation: cancellation);
}
