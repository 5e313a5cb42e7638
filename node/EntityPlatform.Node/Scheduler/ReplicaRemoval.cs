namespace EntityPlatform.Node.Scheduler;

/// <summary>What the clean-up scan does with one local replica (see <see cref="ReplicaRemovalPolicy"/>).</summary>
internal enum ReplicaRemoval
{
    /// <summary>Still wanted, or still a voter that may be needed for a quorum: keep it as it is.</summary>
    Keep,

    /// <summary>
    /// Keep it, but wake it: the placement dropped it while its applied configuration still counts it as a
    /// voter. Awake, it campaigns with pre-votes (which disturb nobody), and the members' rejections tell it
    /// the commit index, so it applies the removal that its leader committed and stopped sending it.
    /// </summary>
    KeepAndWake,

    /// <summary>Delete the replica and wipe its log and snapshots.</summary>
    Collect,
}
