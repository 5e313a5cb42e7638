namespace EntityPlatform.Kubernetes.Models;

public sealed class PodDisruptionBudgetSpec
{
    public IntOrString? MaxUnavailable { get; set; }

    public IntOrString? MinAvailable { get; set; }

    public LabelSelector? Selector { get; set; }
}
