namespace EntityPlatform.Kubernetes.Models;

/// <summary>policy/v1 Eviction: the body of a POST to a pod's eviction subresource.</summary>
public sealed class Eviction
{
    public string ApiVersion { get; set; } = "policy/v1";

    public string Kind { get; set; } = "Eviction";

    public ObjectMeta Metadata { get; set; } = new();

    public DeleteOptions? DeleteOptions { get; set; }
}
