using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>Metadata of an owned object: its name, the EntityType's namespace and labels, and the controller owner reference.</summary>
public static class Owner
{
    public static V1ObjectMeta Meta(EntityType type, string name) => new()
    {
        Name = name,
        NamespaceProperty = type.Metadata.NamespaceProperty,
        Labels = ObjectNames.Labels(type),
        OwnerReferences = [Reference(type)],
    };

    /// <summary>Controller reference with blockOwnerDeletion, so foreground deletion of the EntityType waits for it.</summary>
    public static V1OwnerReference Reference(EntityType type) => new()
    {
        ApiVersion = type.ApiVersion,
        Kind = type.Kind,
        Name = type.Metadata.Name ?? "",
        Uid = type.Metadata.Uid ?? throw new ArgumentException($"EntityType {type.Metadata.Name}: metadata.uid is required for an owner reference"),
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
