namespace EntityPlatform.Kubernetes.Models;

/// <summary>v1 Pod: read by the operator to find ready pods and their zones.</summary>
public sealed class Pod : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("", "v1", "pods", "Pod");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "Pod";

    public ObjectMeta Metadata { get; set; } = new();

    public PodSpec Spec { get; set; } = new();

    public PodStatus? Status { get; set; }
}
