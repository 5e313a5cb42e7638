using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Moves the StatefulSet's size toward spec.nodes through its scale subresource. Growing is immediate
/// (placement then uses the new pods once they are ready). Shrinking waits until the placement no
/// longer puts a replica on a departing pod and every shard has converged on the remaining pods, as
/// their AdminService.Status shows: only then do pods go, so no shard ever loses a caught-up replica.
/// Must run after the placement reconciler in a pass.
/// </summary>
public sealed class ScaleReconciler(KubernetesClient client, EventRecorder events)
{
    public async Task<ReconcileResult> GrowAsync(ReconcileContext context, CancellationToken cancellation)
    {
        var type = context.Type;
        if (context.StatefulSet is null || type.Spec.Nodes <= context.CurrentReplicas)
        {
            return ReconcileResult.Done;
        }

        await ResizeAsync(context, type.Spec.Nodes, cancellation).ConfigureAwait(false);
        await events.RecordAsync(type, "Normal", "ScalingUp", $"scaling up to {type.Spec.Nodes} pods", cancellation).ConfigureAwait(false);
        context.Progress.Add($"scaling up to {type.Spec.Nodes} pods");
        return ReconcileResult.After(PlacementReconciler.PollInterval);
    }

    public async Task<ReconcileResult> ShrinkAsync(ReconcileContext context, CancellationToken cancellation)
    {
        var type = context.Type;
        if (context.StatefulSet is null || type.Spec.Nodes >= context.CurrentReplicas)
        {
            return ReconcileResult.Done;
        }

        var departing = Enumerable.Range(type.Spec.Nodes, context.CurrentReplicas - type.Spec.Nodes).Select(ordinal => ObjectNames.Pod(type, ordinal)).ToHashSet();
        var placement = context.Placement;
        var observation = context.Observation!;
        var ready = placement is not null
            && placement.Shards.All(shard => !shard.Replicas.Any(departing.Contains) && observation.Converged(shard.Shard, shard.Replicas));
        if (!ready)
        {
            context.Progress.Add($"scaling down to {type.Spec.Nodes} pods: moving replicas off {string.Join(", ", departing.Order())}");
            return ReconcileResult.After(PlacementReconciler.PollInterval);
        }

        await ResizeAsync(context, type.Spec.Nodes, cancellation).ConfigureAwait(false);
        await events.RecordAsync(type, "Normal", "ScaledDown", $"every replica moved off {string.Join(", ", departing.Order())}; scaled down to {type.Spec.Nodes} pods", cancellation).ConfigureAwait(false);
        return ReconcileResult.After(PlacementReconciler.PollInterval);
    }

    private async Task ResizeAsync(ReconcileContext context, int replicas, CancellationToken cancellation)
    {
        var ns = context.Type.Metadata.NamespaceProperty!;
        var name = context.StatefulSet!.Metadata.Name!;
        var scale = await client.GetScaleAsync<V1StatefulSet>(ns, name, cancellation).ConfigureAwait(false);
        scale.Spec.Replicas = replicas;
        await client.UpdateScaleAsync<V1StatefulSet>(ns, name, scale, cancellation).ConfigureAwait(false);
        context.StatefulSet.Spec.Replicas = replicas;
    }
}
