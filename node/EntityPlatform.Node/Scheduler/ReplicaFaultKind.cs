namespace EntityPlatform.Node.Scheduler;

/// <summary>Why a replica was stopped on its own (the metric's "kind" label, lower-cased).</summary>
public enum ReplicaFaultKind
{
    /// <summary>Applying a committed entry threw: a bad entry, or a bug in an entity type's Apply.</summary>
    Apply,

    /// <summary>Restoring an installed snapshot into the state machine failed.</summary>
    Snapshot,

    /// <summary>Opening the replica at start failed: storage refused the group, or its snapshot did not parse.</summary>
    Recovery,

    /// <summary>The Raft core raised an invariant while stepping a message, ticking or building a Ready.</summary>
    Raft,
}
