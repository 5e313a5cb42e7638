namespace EntityPlatform.Kubernetes.Models;

/// <summary>A plain environment variable; valueFrom is not used by the operator.</summary>
public sealed class EnvVar
{
    public string Name { get; set; } = "";

    public string? Value { get; set; }
}
