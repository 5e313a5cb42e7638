namespace EntityPlatform.Kubernetes.Models;

/// <summary>core/v1 Toleration: lets a pod schedule onto nodes with a matching taint.</summary>
public sealed class Toleration
{
    public string? Key { get; set; }

    /// <summary>Exists or Equal (the API server's default when left out).</summary>
    public string? Operator { get; set; }

    public string? Value { get; set; }

    /// <summary>NoSchedule, PreferNoSchedule or NoExecute; empty matches every effect.</summary>
    public string? Effect { get; set; }

    /// <summary>For NoExecute only: how long the pod stays bound after the taint appears.</summary>
    public long? TolerationSeconds { get; set; }
}
