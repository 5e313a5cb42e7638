namespace EntityPlatform.Kubernetes.Models;

public sealed class VolumeMount
{
    public string Name { get; set; } = "";

    public string MountPath { get; set; } = "";
}
