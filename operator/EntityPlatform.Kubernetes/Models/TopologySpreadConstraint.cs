namespace EntityPlatform.Kubernetes.Models;

/// <summary>Spreads an EntityType's pods over a topology key (zones by default).</summary>
public sealed class TopologySpreadConstraint
{
    public int MaxSkew { get; set; } = 1;

    public string TopologyKey { get; set; } = "";

    /// <summary>"DoNotSchedule" or "ScheduleAnyway".</summary>
    public string WhenUnsatisfiable { get; set; } = "ScheduleAnyway";

    public LabelSelector? LabelSelector { get; set; }
}
