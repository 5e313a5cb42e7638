namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// "RollingUpdate" or "OnDelete". With OnDelete the operator itself deletes pods one at a time, after it
/// has drained their Raft leaderships.
/// </summary>
public sealed class StatefulSetUpdateStrategy
{
    public string? Type { get; set; }

    public RollingUpdateStatefulSetStrategy? RollingUpdate { get; set; }
}
