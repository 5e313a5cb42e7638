namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// A pod condition ("Ready", "PodScheduled", ...). It predates metav1.Condition and differs from it:
/// reason and message are optional and there is no observedGeneration.
/// </summary>
public sealed class PodCondition
{
    public string Type { get; set; } = "";

    public string Status { get; set; } = "Unknown";

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
