namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.StatusCause: one invalid field, e.g. field "spec.replicationFactor".</summary>
public sealed class StatusCause
{
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Field { get; set; }
}
