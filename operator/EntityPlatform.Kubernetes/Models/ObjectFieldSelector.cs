namespace EntityPlatform.Kubernetes.Models;

/// <summary>core/v1 ObjectFieldSelector: a field of the pod (the API server defaults apiVersion to v1).</summary>
public sealed class ObjectFieldSelector
{
    public string FieldPath { get; set; } = "";
}
