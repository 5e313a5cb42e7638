namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.OwnerReference: the garbage collector deletes a dependent once its owners are gone.</summary>
public sealed class OwnerReference
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string Uid { get; set; } = "";

    /// <summary>At most one owner reference of an object may be its controller.</summary>
    public bool? Controller { get; set; }

    /// <summary>Foreground deletion of the owner waits for this dependent.</summary>
    public bool? BlockOwnerDeletion { get; set; }
}
