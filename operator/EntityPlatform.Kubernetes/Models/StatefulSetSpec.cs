namespace EntityPlatform.Kubernetes.Models;

public sealed class StatefulSetSpec
{
    public int? Replicas { get; set; }

    /// <summary>The headless Service that gives each pod its stable DNS name.</summary>
    public string? ServiceName { get; set; }

    public LabelSelector Selector { get; set; } = new();

    public PodTemplateSpec Template { get; set; } = new();

    public List<PersistentVolumeClaim>? VolumeClaimTemplates { get; set; }

    /// <summary>"OrderedReady" or "Parallel".</summary>
    public string? PodManagementPolicy { get; set; }

    public StatefulSetUpdateStrategy? UpdateStrategy { get; set; }
}
