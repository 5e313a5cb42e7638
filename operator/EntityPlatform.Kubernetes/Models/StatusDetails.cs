namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.StatusDetails: which object an error is about, and its field-level causes.</summary>
public sealed class StatusDetails
{
    public string? Name { get; set; }

    public string? Group { get; set; }

    public string? Kind { get; set; }

    public List<StatusCause>? Causes { get; set; }
}
