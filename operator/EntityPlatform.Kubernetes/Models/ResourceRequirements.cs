namespace EntityPlatform.Kubernetes.Models;

/// <summary>Requests and limits by resource name ("cpu", "memory", "storage"), as quantity strings.</summary>
public sealed class ResourceRequirements
{
    public Dictionary<string, string>? Requests { get; set; }

    public Dictionary<string, string>? Limits { get; set; }
}
