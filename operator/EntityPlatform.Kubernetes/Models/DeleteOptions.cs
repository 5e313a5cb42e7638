namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.DeleteOptions, sent as the body of a DELETE.</summary>
public sealed class DeleteOptions
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "DeleteOptions";

    /// <summary>"Background", "Foreground" or "Orphan": the API spells them in PascalCase.</summary>
    public string? PropagationPolicy { get; set; }

    public Preconditions? Preconditions { get; set; }

    public long? GracePeriodSeconds { get; set; }
}
