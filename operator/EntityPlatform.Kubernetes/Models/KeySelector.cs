namespace EntityPlatform.Kubernetes.Models;

/// <summary>core/v1 SecretKeySelector and ConfigMapKeySelector, which have the same fields.</summary>
public sealed class KeySelector
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    public bool? Optional { get; set; }
}
