namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// metav1.Condition: the status shape every condition of our own kinds uses. Status is "True", "False"
/// or "Unknown"; LastTransitionTime changes only when Status does, so consumers can tell how long a
/// condition has held.
/// </summary>
public sealed class Condition
{
    public string Type { get; set; } = "";

    public string Status { get; set; } = "Unknown";

    public long? ObservedGeneration { get; set; }

    public DateTimeOffset LastTransitionTime { get; set; }

    /// <summary>CamelCase machine-readable cause, e.g. "ShardsWithoutQuorum".</summary>
    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";
}
