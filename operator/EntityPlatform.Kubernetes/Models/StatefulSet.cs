namespace EntityPlatform.Kubernetes.Models;

/// <summary>apps/v1 StatefulSet: stable pod identities (name-0, name-1, ...) and one volume claim per pod.</summary>
public sealed class StatefulSet : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("apps", "v1", "statefulsets", "StatefulSet");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "StatefulSet";

    public ObjectMeta Metadata { get; set; } = new();

    public StatefulSetSpec Spec { get; set; } = new();

    public StatefulSetStatus? Status { get; set; }
}
