using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// The status a pass reports, from what it saw: pure. Conditions keep their lastTransitionTime while
/// their status holds, so an unchanged cluster yields an identical status and no write.
/// </summary>
public static class StatusBuilder
{
    public static EntityTypeStatus Build(ReconcileContext context, DateTimeOffset now)
    {
        var type = context.Type;
        var observation = context.Observation;
        var replicationFactor = type.Spec.ReplicationFactorOrDefault();
        var shards = Enumerable.Range(0, type.Spec.Shards).ToArray();
        var withoutLeader = observation is null ? shards : shards.Where(shard => observation.Leader(shard) is null).ToArray();
        var underReplicated = observation is null ? shards : shards.Where(shard =>
            observation.Replicas(shard).Count(replica => replica.Role is not ReplicaRole.Learner && replica.Lag == 0) < replicationFactor).ToArray();
        var podsNotReady = Enumerable.Range(0, Math.Max(type.Spec.Nodes, context.CurrentReplicas)).Select(ordinal => ObjectNames.Pod(type, ordinal))
            .Where(name => observation?.Pod(name) is not { } pod || !ClusterObservation.IsReady(pod)).ToArray();
        var leaders = observation is null ? [] : shards.Select(observation.Leader).OfType<string>()
            .GroupBy(pod => pod).OrderBy(group => group.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count());

        var degraded = context.SpecError is not null
            ? ("True", "InvalidSpec", context.SpecError)
            : withoutLeader.Length > 0 || podsNotReady.Length > 0
                ? ("True", withoutLeader.Length > 0 ? "ShardsWithoutQuorum" : "PodsNotReady", DegradedMessage(withoutLeader, podsNotReady))
                : ("False", "Healthy", "every shard has a leader and every pod is ready");
        var progressing = context.Progress.Count > 0
            ? ("True", "Reconciling", string.Join("; ", context.Progress))
            : ("False", "UpToDate", $"placement v{context.Placement?.Version ?? 0} is in place");
        var ready = context.SpecError is null && withoutLeader.Length == 0 && underReplicated.Length == 0 && podsNotReady.Length == 0
            ? ("True", "AllShardsReplicated", $"{type.Spec.Shards} shards, each with a leader and {replicationFactor} caught-up replicas")
            : ("False", "NotReady", $"{withoutLeader.Length} shards without a leader, {underReplicated.Length} under-replicated, {podsNotReady.Length} pods not ready");

        var previous = type.Status?.Conditions ?? [];
        var generation = type.Metadata.Generation;
        return new EntityTypeStatus
        {
            ObservedGeneration = generation,
            Conditions =
            [
                Condition(previous, ConditionTypes.Ready, ready, generation, now),
                Condition(previous, ConditionTypes.Progressing, progressing, generation, now),
                Condition(previous, ConditionTypes.Degraded, degraded, generation, now),
                Condition(previous, ConditionTypes.Paused, ("False", "Reconciling", $"the operator reconciles this EntityType (annotate {ObjectNames.PausedAnnotation}=true to pause)"), generation, now),
            ],
            Nodes = observation?.ReadyPods.Count() ?? 0,
            Selector = ObjectNames.SelectorQuery(type),
            Shards = new ShardCounts { Total = type.Spec.Shards, WithLeader = type.Spec.Shards - withoutLeader.Length, UnderReplicated = underReplicated.Length },
            Leaders = leaders,
            PlacementVersion = context.Placement?.Version,
        };
    }

    private static string DegradedMessage(int[] withoutLeader, string[] podsNotReady)
    {
        var parts = new List<string>();
        if (withoutLeader.Length > 0)
        {
            parts.Add($"shards without a quorum: {PlacementReconciler.Shorten(withoutLeader)}");
        }

        if (podsNotReady.Length > 0)
        {
            parts.Add($"pods not ready: {string.Join(", ", podsNotReady.Take(10))}" + (podsNotReady.Length > 10 ? $" and {podsNotReady.Length - 10} more" : ""));
        }

        return string.Join("; ", parts);
    }

    /// <summary>
    /// The status while paused: the last one written, unchanged (the operator looked at nothing), with
    /// Paused=True. observedGeneration stays, so a spec changed meanwhile reads as not yet acted on.
    /// </summary>
    public static EntityTypeStatus Paused(EntityType type, DateTimeOffset now)
    {
        var status = type.Status is null ? new EntityTypeStatus() : KubernetesJson.Deserialize<EntityTypeStatus>(KubernetesJson.Serialize(type.Status))!;
        var previous = status.Conditions ?? [];
        var paused = Condition(previous, ConditionTypes.Paused,
            ("True", "ReconciliationPaused", $"annotation {ObjectNames.PausedAnnotation}=true: the operator changes nothing for this EntityType (no owned objects, placement, scaling, rolling update or finalizer) until it is removed"),
            type.Metadata.Generation, now);
        status.Conditions = [.. previous.Where(condition => condition.Type != ConditionTypes.Paused), paused];
        return status;
    }

    private static V1Condition Condition(List<V1Condition> previous, string conditionType, (string Status, string Reason, string Message) value, long? generation, DateTimeOffset now)
    {
        var old = previous.FirstOrDefault(condition => condition.Type == conditionType);
        return new V1Condition
        {
            Type = conditionType,
            Status = value.Status,
            Reason = value.Reason,
            Message = value.Message.Length > 32_000 ? value.Message[..32_000] : value.Message,
            ObservedGeneration = generation,
            LastTransitionTime = old is not null && old.Status == value.Status ? old.LastTransitionTime : now.UtcDateTime,
        };
    }
}
