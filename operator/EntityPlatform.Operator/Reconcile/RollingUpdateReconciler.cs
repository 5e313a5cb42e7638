using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Nodes;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Replaces pods whose template hash is not the StatefulSet's, one at a time, through the Eviction API
/// (so the PodDisruptionBudget arbitrates between this and a node drain). The StatefulSet (OnDelete)
/// recreates an evicted pod from the new template.
/// <list type="bullet">
/// <item>An outdated pod that is not ready goes first, as soon as every shard keeps a quorum on the other
/// pods: it serves nothing, and waiting for it would deadlock a rollout away from a bad image.</item>
/// <item>Otherwise the highest outdated ordinal goes, only when the cluster is whole (no scaling, every
/// pod ready, every shard converged), after its leaderships are drained.</item>
/// </list>
/// </summary>
public sealed class RollingUpdateReconciler(KubernetesClient client, INodeAdmin admin, INodeAddresses addresses, EventRecorder events)
{
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileContext context, CancellationToken cancellation)
    {
        var type = context.Type;
        var observation = context.Observation!;
        var desired = context.StatefulSet?.Spec.Template.Metadata.Annotations?.ValueOrDefault(ObjectNames.TemplateHashAnnotation);
        var outdated = observation.Pods
            .Where(pod => pod.Metadata.DeletionTimestamp is null && pod.Metadata.Annotations?.ValueOrDefault(ObjectNames.TemplateHashAnnotation) != desired)
            .Select(pod => (Pod: pod, Ordinal: ObjectNames.Ordinal(type, pod.Metadata.Name ?? "")))
            .Where(candidate => candidate.Ordinal >= 0 && candidate.Ordinal < context.CurrentReplicas)
            .OrderBy(candidate => ClusterObservation.IsReady(candidate.Pod))
            .ThenByDescending(candidate => candidate.Ordinal)
            .ToArray();
        if (desired is null || outdated.Length == 0)
        {
            return ReconcileResult.Done;
        }

        var (pod, ordinal) = outdated[0];
        var broken = !ClusterObservation.IsReady(pod);
        var blocker = broken ? QuorumBlocker(context) : Blocker(context);
        if (blocker is not null)
        {
            context.Progress.Add($"rolling update: {outdated.Length} pods to replace; waiting: {blocker}");
            return ReconcileResult.After(PlacementReconciler.PollInterval);
        }

        var name = pod.Metadata.Name!;
        var drainedLeaders = 0;
        if (!broken)
        {
            var drained = await admin.DrainAsync(addresses.Grpc(type, ordinal), DrainTimeout, cancellation).ConfigureAwait(false);
            if (drained.LeadersRemaining > 0)
            {
                context.Progress.Add($"rolling update: {name} still leads {drained.LeadersRemaining} shards after draining; retrying");
                return ReconcileResult.After(PlacementReconciler.PollInterval);
            }

            drainedLeaders = (int)drained.LeadersMoved;
        }

        try
        {
            // Preconditioned on the pod's uid: a pod recreated meanwhile is not evicted by mistake.
            await client.EvictAsync(type.Metadata.NamespaceProperty!, name, pod.Metadata.Uid, cancellation).ConfigureAwait(false);
        }
        catch (DisruptionBudgetException refused)
        {
            // Another voluntary disruption (a node drain) holds the budget; ours waits for the next pass.
            context.Progress.Add($"rolling update: the PodDisruptionBudget refuses to evict {name} now ({refused.Status?.Details?.Causes?.FirstOrDefault()?.Message ?? refused.Message})");
            return ReconcileResult.After(PlacementReconciler.PollInterval);
        }

        var why = broken ? "not ready on the old template" : $"{drainedLeaders} leaderships drained";
        await events.RecordAsync(type, "Normal", "RollingUpdate", $"replacing {name} ({why}); {outdated.Length - 1} pods after it", cancellation).ConfigureAwait(false);
        context.Progress.Add($"rolling update: replacing {name}");
        return ReconcileResult.After(PlacementReconciler.PollInterval);
    }

    /// <summary>Why a healthy pod may not go now, or null.</summary>
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

    /// <summary>
    /// Why a pod that is not ready may not go now, or null: every shard must have a leader and a majority
    /// of its replication factor among the voting replicas the ready pods report (a pod that is not ready
    /// is never asked, so it counts for nothing already).
    /// </summary>
    private static string? QuorumBlocker(ReconcileContext context)
    {
        var type = context.Type;
        var observation = context.Observation!;
        if (type.Spec.Nodes != context.CurrentReplicas)
        {
            return "scaling is in progress";
        }

        var majority = (type.Spec.ReplicationFactorOrDefault() / 2) + 1;
        var weak = Enumerable.Range(0, type.Spec.Shards)
            .Where(shard => observation.Leader(shard) is null
                || observation.Replicas(shard).Count(replica => replica.Role is ReplicaRole.Leader or ReplicaRole.Follower) < majority)
            .ToArray();
        return weak.Length > 0 ? $"shards without a quorum on the ready pods: {PlacementReconciler.Shorten(weak)}" : null;
    }
}
