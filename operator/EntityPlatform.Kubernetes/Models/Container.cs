namespace EntityPlatform.Kubernetes.Models;

public sealed class Container
{
    public string Name { get; set; } = "";

    public string? Image { get; set; }

    /// <summary>Overrides the image's entrypoint; the operator runs a shell to derive the node id from the ordinal.</summary>
    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public List<EnvVar>? Env { get; set; }

    public List<ContainerPort>? Ports { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public Probe? ReadinessProbe { get; set; }

    public Probe? LivenessProbe { get; set; }

    public List<VolumeMount>? VolumeMounts { get; set; }
}
