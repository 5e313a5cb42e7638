namespace EntityPlatform.Client;

/// <summary>How fresh a query's answer must be (entity.proto's Consistency).</summary>
public enum QueryConsistency
{
    /// <summary>Sees every command acknowledged before the query started (Raft ReadIndex). Routed to the leader.</summary>
    Linearizable,

    /// <summary>Served by the leader under its lease, without a quorum round trip; linearizable while clock drift stays within the lease margin.</summary>
    Lease,

    /// <summary>Served by any replica at most the given staleness behind; spread over the shard's replicas.</summary>
    BoundedStaleness,
}
