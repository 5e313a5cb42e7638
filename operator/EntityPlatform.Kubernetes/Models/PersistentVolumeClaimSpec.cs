namespace EntityPlatform.Kubernetes.Models;

public sealed class PersistentVolumeClaimSpec
{
    public List<string>? AccessModes { get; set; }

    /// <summary>Null means the cluster's default storage class.</summary>
    public string? StorageClassName { get; set; }

    public ResourceRequirements? Resources { get; set; }
}
