using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;
using EntityPlatform.Client.Transport;
using Grpc.Core;

namespace EntityPlatform.Client.Calls;

/// <summary>
/// One logical call across its attempts: what it addresses, its time budget, and what the previous
/// attempt taught (a leader hint, the failure kind, the delay chosen). The retry predicates read it from
/// the Polly context, so it is allocated once per call, not per attempt.
/// </summary>
internal abstract class CallState(string entityType, string entityId, ShardKey? shard, CallBudget budget)
{
    public string EntityType => entityType;

    public string EntityId => entityId;

    /// <summary>Null while the entity type's shard count is unknown: the call then goes to any node, which forwards it.</summary>
    public ShardKey? Shard { get; set; } = shard;

    public CallBudget Budget => budget;

    /// <summary>Attempts started so far.</summary>
    public int Attempts { get; set; }

    public NodeTarget? LastTarget { get; set; }

    /// <summary>Hedged attempts sent so far (beyond <see cref="Attempts"/>).</summary>
    public int Hedges { get; set; }

    /// <summary>Attempts re-routed to a newly learned leader while earlier ones were still waiting (issue 19).</summary>
    public int Reroutes { get; set; }

    /// <summary>Set by a "not leader" answer naming a leader; the next attempt goes there.</summary>
    public NodeTarget? Hinted { get; set; }

    public int HintsFollowed { get; set; }

    public FailureKind LastFailure { get; set; }

    public TimeSpan NextDelay { get; set; }

    /// <summary>True once an attempt may have reached a leader, so a failed command may still have been applied.</summary>
    public bool MayHaveReachedLeader { get; set; }

    public abstract string Method { get; }

    /// <summary>Reads at bounded staleness may be served by any replica, so they spread over them.</summary>
    public virtual bool AnyReplica => false;
}
