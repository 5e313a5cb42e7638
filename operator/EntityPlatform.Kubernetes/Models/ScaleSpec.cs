namespace EntityPlatform.Kubernetes.Models;

public sealed class ScaleSpec
{
    public int Replicas { get; set; }
}
