namespace EntityPlatform.Kubernetes.Models;

/// <summary>metav1.Status: the body of every API error, and of a watch ERROR event.</summary>
public sealed class ApiStatus
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "Status";

    public string? Status { get; set; }

    public string? Message { get; set; }

    /// <summary>CamelCase reason, e.g. "Conflict", "AlreadyExists", "NotFound", "Expired", "Invalid".</summary>
    public string? Reason { get; set; }

    public StatusDetails? Details { get; set; }

    public int Code { get; set; }
}
