using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Log;

/// <summary>
/// The durable log of one group, as the core sees it: read-only. The application writes to it after
/// each Ready (entries, hard state, snapshots) and compacts it; the core only reads what was persisted.
/// Indexes: entries <c>FirstIndex..LastIndex</c> are readable; <c>FirstIndex - 1</c> is the compaction
/// point, whose term is still answered by <see cref="TryGetTerm"/>. The compaction point is at or before
/// the latest snapshot's index: a storage may keep some entries after a snapshot for lagging followers.
/// Invariant: FirstIndex ≥ 1 and FirstIndex ≤ LastIndex + 1.
/// </summary>
public interface IRaftLogStorage
{
    /// <summary>The hard state and membership persisted before the last restart.</summary>
    (HardState HardState, ConfState ConfState) InitialState();

    /// <summary>Index of the first readable entry (one past the snapshot index).</summary>
    ulong FirstIndex { get; }

    /// <summary>Index of the last persisted entry, or the snapshot index when no entry follows it.</summary>
    ulong LastIndex { get; }

    /// <summary>The term of the entry at <paramref name="index"/>, for index in <c>[FirstIndex - 1, LastIndex]</c>.</summary>
    StorageLookup TryGetTerm(ulong index, out ulong term);

    /// <summary>
    /// Entries in <c>[low, high)</c>, stopping before the total size passes <paramref name="maxBytes"/> but
    /// always returning at least one entry when the range is not empty. The array is the caller's to keep:
    /// the core may hand it on in messages, so the storage must not reuse or change it.
    /// </summary>
    StorageLookup TryGetEntries(ulong low, ulong high, ulong maxBytes, out Entry[] entries);

    /// <summary>The most recent snapshot; Unavailable while one is being made.</summary>
    StorageLookup TryGetSnapshot(out Snapshot snapshot);
}
