namespace EntityPlatform.Kubernetes.Models;

/// <summary>policy/v1 PodDisruptionBudget: voluntary evictions take at most maxUnavailable pods at once.</summary>
public sealed class PodDisruptionBudget : IKubernetesObject, IResource
{
    public static ResourceType Resource { get; } = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = "PodDisruptionBudget";

    public ObjectMeta Metadata { get; set; } = new();

    public PodDisruptionBudgetSpec Spec { get; set; } = new();

    public PodDisruptionBudgetStatus? Status { get; set; }
}
