namespace EntityPlatform.Kubernetes.Models;

public sealed class ScaleStatus
{
    public int Replicas { get; set; }

    /// <summary>The label selector of the scaled pods, in its string form (what HPAs read).</summary>
    public string? Selector { get; set; }
}
