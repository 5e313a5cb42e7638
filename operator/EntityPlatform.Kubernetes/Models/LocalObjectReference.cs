namespace EntityPlatform.Kubernetes.Models;

/// <summary>core/v1 LocalObjectReference: an object in the same namespace, by name (an image pull Secret).</summary>
public sealed class LocalObjectReference
{
    public string Name { get; set; } = "";
}
