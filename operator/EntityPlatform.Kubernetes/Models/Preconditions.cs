namespace EntityPlatform.Kubernetes.Models;

/// <summary>A delete only goes ahead when the stored object still has this uid and resourceVersion.</summary>
public sealed class Preconditions
{
    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }
}
