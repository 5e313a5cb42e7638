namespace EntityPlatform.Kubernetes.Models;

/// <summary>The pod spec fields the operator sets; the rest keep the API server's defaults.</summary>
public sealed class PodSpec
{
    public List<Container> Containers { get; set; } = [];

    public string? ServiceAccountName { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    public List<TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    /// <summary>Pod volumes; the operator mounts the placement ConfigMap this way.</summary>
    public List<Volume>? Volumes { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    public Affinity? Affinity { get; set; }

    public List<LocalObjectReference>? ImagePullSecrets { get; set; }

    public string? PriorityClassName { get; set; }

    /// <summary>Set by the scheduler; empty while the pod is pending.</summary>
    public string? NodeName { get; set; }
}
