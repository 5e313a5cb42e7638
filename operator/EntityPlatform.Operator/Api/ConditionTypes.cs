namespace EntityPlatform.Operator.Api;

/// <summary>The condition types of an EntityType's status.</summary>
public static class ConditionTypes
{
    /// <summary>Every shard has a leader and replicationFactor caught-up replicas, and all pods are ready.</summary>
    public const string Ready = "Ready";

    /// <summary>A change is rolling out: scaling, a rolling update, or placement moves.</summary>
    public const string Progressing = "Progressing";

    /// <summary>Some shard has no quorum or some pod is not ready; the message names them.</summary>
    public const string Degraded = "Degraded";

    /// <summary>The annotation entityplatform.io/paused is "true": the operator changes nothing for this EntityType.</summary>
    public const string Paused = "Paused";
}
