using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Support;

/// <summary>Small valid objects to start tests from.</summary>
public static class Objects
{
    public static ConfigMap ConfigMap(string name, Dictionary<string, string>? data = null, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = TestCluster.Namespace, Labels = labels },
        Data = data ?? new() { ["key"] = "value" },
    };

    public static StatefulSet StatefulSet(string name, int replicas = 3) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = TestCluster.Namespace },
        Spec = new StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name + "-peers",
            Selector = new LabelSelector { MatchLabels = new() { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new() { ["app"] = name } },
                Spec = new PodSpec { Containers = [new Container { Name = "node", Image = "node:1" }] },
            },
        },
    };

    public static EntityType EntityType(string name, int shards = 8, int nodes = 3, int replicationFactor = 3) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = TestCluster.Namespace },
        Spec = new EntityTypeSpec
        {
            Image = "registry.example.com/counter:1.0.0",
            Shards = shards,
            Nodes = nodes,
            ReplicationFactor = replicationFactor,
        },
    };

    public static OwnerReference OwnedBy(IKubernetesObject owner) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Metadata.Name!,
        Uid = owner.Metadata.Uid!,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
