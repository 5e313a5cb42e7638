namespace EntityPlatform.Kubernetes.Models;

/// <summary>v1 ConfigMap: the placement (which pods hold which shard replicas) is published in one.</summary>
public sealed class ConfigMap : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("", "v1", "configmaps", "ConfigMap");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "ConfigMap";

    public ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, string>? Data { get; set; }

    /// <summary>An immutable ConfigMap rejects every change to data; the operator never sets it.</summary>
    public bool? Immutable { get; set; }
}
