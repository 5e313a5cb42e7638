using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// maxUnavailable 1: a node drain evicts one pod at a time, so a shard with replicationFactor ≥ 3 keeps
/// its quorum through voluntary disruptions.
/// </summary>
public static class DisruptionBudgetBuilder
{
    public static V1PodDisruptionBudget Build(EntityType type) => new()
    {
        Metadata = Owner.Meta(type, ObjectNames.DisruptionBudget(type)),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = ObjectNames.Selector(type) },
        },
    };
}
