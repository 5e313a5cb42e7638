namespace EntityPlatform.Kubernetes.Models;

/// <summary>coordination.k8s.io/v1 Lease: the operator leader election lock.</summary>
public sealed class Lease : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("coordination.k8s.io", "v1", "leases", "Lease");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "Lease";

    public ObjectMeta Metadata { get; set; } = new();

    public LeaseSpec Spec { get; set; } = new();
}
