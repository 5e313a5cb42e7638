namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// v1 Node, cluster-scoped. The operator reads only its labels: the zone of the machine a pod runs on
/// (topology.kubernetes.io/zone, or spec.topologySpreadKey) feeds the placement planner.
/// </summary>
public sealed class Node : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("", "v1", "nodes", "Node", Namespaced: false);

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "Node";

    public ObjectMeta Metadata { get; set; } = new();
}
