namespace EntityPlatform.Storage.Records;

/// <summary>What one log record means. Values are part of the on-disk format: never renumber them.</summary>
public enum RecordKind : byte
{
    /// <summary>
    /// Entries of one group, starting at an index (discards that group's tail from there on), optionally
    /// followed by the group's new hard state: the common Raft Ready (entries + hard state) is one record.
    /// </summary>
    Entries = 1,

    /// <summary>The group's hard state (term, vote, commit).</summary>
    HardState = 2,

    /// <summary>A snapshot from the leader was installed: replaces the group's whole log. Also bootstraps at index 0.</summary>
    SnapshotInstalled = 3,

    /// <summary>A local snapshot was taken: new snapshot metadata, the log itself is unchanged.</summary>
    SnapshotCreated = 4,

    /// <summary>Entries up to an index were discarded (they are covered by a snapshot).</summary>
    Compacted = 5,

    /// <summary>The group's complete state, written by compaction when it moves a group forward.</summary>
    GroupImage = 6,

    /// <summary>The group's replica was wiped by an operator: everything before this record is void.</summary>
    GroupWiped = 7,

    /// <summary>
    /// Closes a commit batch (payload: its batch sequence number). Recovery applies a batch's records only
    /// once it has seen this record, so a batch is applied whole or not at all.
    /// </summary>
    BatchEnd = 8,
}
