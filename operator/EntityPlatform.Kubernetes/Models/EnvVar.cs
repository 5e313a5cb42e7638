namespace EntityPlatform.Kubernetes.Models;

/// <summary>core/v1 EnvVar: a literal value, or valueFrom a Secret, ConfigMap or pod field.</summary>
public sealed class EnvVar
{
    public string Name { get; set; } = "";

    public string? Value { get; set; }

    public EnvVarSource? ValueFrom { get; set; }
}
