using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Support;

/// <summary>Small valid objects to start tests from.</summary>
public static class Objects
{
    public static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? data = null, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = TestCluster.Namespace, Labels = labels },
        Data = data ?? new() { ["key"] = "value" },
    };

    public static V1StatefulSet StatefulSet(string name, int replicas = 3) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = TestCluster.Namespace },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name + "-peers",
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "node", Image = "node:1" }] },
            },
        },
    };

    public static EntityType EntityType(string name, int shards = 8, int nodes = 3, int replicationFactor = 3) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = TestCluster.Namespace },
        Spec = new EntityTypeSpec
        {
            Image = "registry.example.com/counter:1.0.0",
            Shards = shards,
            Nodes = nodes,
            ReplicationFactor = replicationFactor,
        },
    };

    public static V1OwnerReference OwnedBy(IKubernetesObject<V1ObjectMeta> owner) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Metadata.Name!,
        Uid = owner.Metadata.Uid!,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
