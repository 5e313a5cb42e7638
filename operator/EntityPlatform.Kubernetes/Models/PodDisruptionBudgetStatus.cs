namespace EntityPlatform.Kubernetes.Models;

public sealed class PodDisruptionBudgetStatus
{
    public long? ObservedGeneration { get; set; }

    public int CurrentHealthy { get; set; }

    public int DesiredHealthy { get; set; }

    public int ExpectedPods { get; set; }

    public int DisruptionsAllowed { get; set; }

    public List<Condition>? Conditions { get; set; }
}
