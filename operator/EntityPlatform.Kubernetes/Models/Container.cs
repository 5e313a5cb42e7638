namespace EntityPlatform.Kubernetes.Models;

public sealed class Container
{
    public string Name { get; set; } = "";

    public string? Image { get; set; }

    public List<string>? Args { get; set; }

    public List<EnvVar>? Env { get; set; }

    public List<ContainerPort>? Ports { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public Probe? ReadinessProbe { get; set; }

    public Probe? LivenessProbe { get; set; }

    public List<VolumeMount>? VolumeMounts { get; set; }
}
