namespace EntityPlatform.Kubernetes.Models;

/// <summary>v1 Service: the headless peer Service and the client Service of an EntityType.</summary>
public sealed class Service : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("", "v1", "services", "Service");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "Service";

    public ObjectMeta Metadata { get; set; } = new();

    public ServiceSpec Spec { get; set; } = new();
}
