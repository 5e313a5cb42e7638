namespace EntityPlatform.Kubernetes.Models;

public sealed class RollingUpdateStatefulSetStrategy
{
    /// <summary>Pods with an ordinal at or above the partition get the new revision.</summary>
    public int? Partition { get; set; }
}
