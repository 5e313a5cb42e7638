namespace EntityPlatform.Kubernetes.Models;

/// <summary>autoscaling/v1 Scale: the scale subresource of StatefulSets and of EntityTypes (spec.nodes).</summary>
public sealed class Scale
{
    public string ApiVersion { get; set; } = "autoscaling/v1";

    public string Kind { get; set; } = "Scale";

    public ObjectMeta Metadata { get; set; } = new();

    public ScaleSpec Spec { get; set; } = new();

    public ScaleStatus? Status { get; set; }
}
