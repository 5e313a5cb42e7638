namespace EntityPlatform.Kubernetes.Models;

/// <summary>Mounts a ConfigMap's keys as files.</summary>
public sealed class ConfigMapVolumeSource
{
    public string Name { get; set; } = "";
}
