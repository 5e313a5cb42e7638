using System.ComponentModel;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

[Description("What the operator observed; written only by the operator, through the status subresource.")]
public sealed class EntityTypeStatus
{
    [Description("The metadata.generation this status describes; older means the operator has not caught up yet.")]
    public long? ObservedGeneration { get; set; }

    [MapList("type")]
    [Description("Ready, Progressing, Degraded and Paused, shaped like metav1.Condition.")]
    public List<V1Condition>? Conditions { get; set; }

    [Description("Node pods that are ready (the scale subresource's status replicas).")]
    public int? Nodes { get; set; }

    [Description("Label selector of the node pods, for the scale subresource.")]
    public string? Selector { get; set; }

    [Description("Shard counts.")]
    public ShardCounts? Shards { get; set; }

    [Description("Number of shard leaders per pod name.")]
    public Dictionary<string, int>? Leaders { get; set; }

    [Description("Version of the placement the nodes are converging to; it increases with every change.")]
    public long? PlacementVersion { get; set; }
}
