using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// The StatefulSet of node pods. Pods are NAME-0..NAME-(n-1) with one volume each; the update strategy is
/// OnDelete because the operator itself replaces pods one at a time, after draining their leaderships.
/// </summary>
public static class StatefulSetBuilder
{
    /// <param name="replicas">The pod count the scale reconciler decided; not spec.nodes, which may be ahead of it.</param>
    public static V1StatefulSet Build(EntityType type, int replicas)
    {
        var template = PodTemplateBuilder.Build(type);
        return new V1StatefulSet
        {
            Metadata = Owner.Meta(type, ObjectNames.StatefulSet(type)),
            Spec = new V1StatefulSetSpec
            {
                Replicas = replicas,
                ServiceName = ObjectNames.PeerService(type),
                Selector = new V1LabelSelector { MatchLabels = ObjectNames.Selector(type) },
                // Parallel: a pod that never gets ready must not block the pods after it; placement
                // only ever uses ready pods.
                PodManagementPolicy = "Parallel",
                UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" },
                Template = template,
                VolumeClaimTemplates = [VolumeClaim(type.Spec.Storage)],
            },
        };
    }

    internal static V1PersistentVolumeClaim VolumeClaim(StorageSpec? storage) => new()
    {
        Metadata = new V1ObjectMeta { Name = "data" },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storage?.Class,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(storage?.Size ?? "10Gi") } },
        },
    };
}
