namespace EntityPlatform.Kubernetes.Models;

/// <summary>A volume claim, as it appears in a StatefulSet's volumeClaimTemplates.</summary>
public sealed class PersistentVolumeClaim
{
    public ObjectMeta Metadata { get; set; } = new();

    public PersistentVolumeClaimSpec Spec { get; set; } = new();
}
