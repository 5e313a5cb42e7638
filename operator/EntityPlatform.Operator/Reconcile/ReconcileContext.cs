using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// One pass over one EntityType: what was read at its start, and what the sub-reconcilers report for
/// the status (they never write status themselves; the status reconciler writes it once, at the end).
/// </summary>
public sealed class ReconcileContext(EntityType type)
{
    public EntityType Type { get; } = type;

    public V1StatefulSet? StatefulSet { get; set; }

    /// <summary>The placement the ConfigMap holds (replicas named by pod); null before the first one.</summary>
    public ShardMap? Placement { get; set; }

    /// <summary>The cluster file the placement ConfigMap holds; null before the first one.</summary>
    public Builders.ClusterDocument? Document { get; set; }

    public ClusterObservation? Observation { get; set; }

    /// <summary>Why the pass is not finished, e.g. "scaling down: moving replicas off counter-4"; feeds Progressing.</summary>
    public List<string> Progress { get; } = [];

    /// <summary>A spec problem the schema could not catch, naming the field; feeds Degraded with reason InvalidSpec.</summary>
    public string? SpecError { get; set; }

    public int CurrentReplicas => StatefulSet?.Spec.Replicas ?? 0;
}
