using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Nodes;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Replaces pods whose template hash is not the StatefulSet's, one at a time, highest ordinal first.
/// A pod is replaced only when the cluster is whole: no scaling, every pod ready, and every shard
/// converged (a leader, every replica caught up); its leaderships are drained first, and it is deleted
/// only when none remain. The StatefulSet (OnDelete) recreates it from the new template; the next pod
/// waits until that one is ready and every shard has a caught-up quorum again.
/// </summary>
public sealed class RollingUpdateReconciler(KubernetesClient client, INodeAdmin admin, INodeAddresses addresses, EventRecorder events)
{
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileContext context, CancellationToken cancellation)
    {
        var type = context.Type;
        var observation = context.Observation!;
        var desired = context.StatefulSet?.Spec.Template.Metadata.Annotations?.GetValueOrDefault(ObjectNames.TemplateHashAnnotation);
        var outdated = observation.Pods
            .Where(pod => pod.Metadata.Annotations?.GetValueOrDefault(ObjectNames.TemplateHashAnnotation) != desired)
            .Select(pod => (Pod: pod, Ordinal: ObjectNames.Ordinal(type, pod.Metadata.Name ?? "")))
            .Where(candidate => candidate.Ordinal >= 0 && candidate.Ordinal < context.CurrentReplicas)
            .OrderByDescending(candidate => candidate.Ordinal)
            .ToArray();
        if (desired is null || outdated.Length == 0)
        {
            return ReconcileResult.Done;
        }

        var blocker = Blocker(context);
        if (blocker is not null)
        {
            context.Progress.Add($"rolling update: {outdated.Length} pods to replace; waiting: {blocker}");
            return ReconcileResult.After(PlacementReconciler.PollInterval);
        }

        var (pod, ordinal) = outdated[0];
        var name = pod.Metadata.Name!;
        var drained = await admin.DrainAsync(addresses.Grpc(type, ordinal), DrainTimeout, cancellation).ConfigureAwait(false);
        if (drained.LeadersRemaining > 0)
        {
            context.Progress.Add($"rolling update: {name} still leads {drained.LeadersRemaining} shards after draining; retrying");
            return ReconcileResult.After(PlacementReconciler.PollInterval);
        }

        // Preconditioned on the pod's uid: a pod recreated meanwhile is not deleted by mistake.
        await client.DeleteAsync<Pod>(type.Metadata.Namespace!, name, preconditions: new Preconditions { Uid = pod.Metadata.Uid }, cancellation: cancellation).ConfigureAwait(false);
        await events.RecordAsync(type, "Normal", "RollingUpdate", $"replacing {name} ({drained.LeadersMoved} leaderships drained); {outdated.Length - 1} pods after it", cancellation).ConfigureAwait(false);
        context.Progress.Add($"rolling update: replacing {name}");
        return ReconcileResult.After(PlacementReconciler.PollInterval);
    }

    /// <summary>Why no pod may go now, or null.</summary>
    private static string? Blocker(ReconcileContext context)
    {
        var type = context.Type;
        var observation = context.Observation!;
        if (type.Spec.Nodes != context.CurrentReplicas)
        {
            return "scaling is in progress";
        }

        var notReady = Enumerable.Range(0, context.CurrentReplicas).Select(ordinal => ObjectNames.Pod(type, ordinal))
            .Where(name => observation.Pod(name) is not { } pod || !ClusterObservation.IsReady(pod) || observation.Unreachable.Contains(name))
            .ToArray();
        if (notReady.Length > 0)
        {
            return $"pods not ready: {string.Join(", ", notReady)}";
        }

        var placement = context.Placement;
        var unconverged = placement?.Shards.Where(shard => !observation.Converged(shard.Shard, shard.Replicas)).Select(shard => shard.Shard).ToArray();
        return placement is null ? "no placement yet"
            : unconverged!.Length > 0 ? $"shards without a caught-up quorum: {PlacementReconciler.Shorten(unconverged)}"
            : null;
    }
}
