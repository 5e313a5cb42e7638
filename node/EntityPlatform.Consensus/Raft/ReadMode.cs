namespace EntityPlatform.Consensus.Raft;

/// <summary>How a ReadIndex request proves that this leader is still the leader.</summary>
public enum ReadMode : byte
{
    /// <summary>A heartbeat round acknowledged by a quorum (one round trip; safe under any clock behaviour).</summary>
    Safe = 0,

    /// <summary>
    /// Served at once while the leader holds a lease (see <see cref="RaftConfig.MaxClockDriftTicks"/>), else
    /// falls back to <see cref="Safe"/>. Relies on bounded clock drift between replicas.
    /// </summary>
    Lease = 1,
}
