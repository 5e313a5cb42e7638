namespace EntityPlatform.Kubernetes.Models;

public sealed class PodTemplateSpec
{
    public ObjectMeta Metadata { get; set; } = new();

    public PodSpec Spec { get; set; } = new();
}
