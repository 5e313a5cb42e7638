namespace EntityPlatform.Kubernetes.Models;

/// <summary>A pod volume; only the ConfigMap source is modelled (the placement file is mounted from one).</summary>
public sealed class Volume
{
    public string Name { get; set; } = "";

    public ConfigMapVolumeSource? ConfigMap { get; set; }
}
