using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// maxUnavailable 1: a node drain evicts one pod at a time, so a shard with replicationFactor ≥ 3 keeps
/// its quorum through voluntary disruptions.
/// </summary>
public static class DisruptionBudgetBuilder
{
    public static PodDisruptionBudget Build(EntityType type) => new()
    {
        Metadata = Owner.Meta(type, ObjectNames.DisruptionBudget(type)),
        Spec = new PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new LabelSelector { MatchLabels = ObjectNames.Selector(type) },
        },
    };
}
