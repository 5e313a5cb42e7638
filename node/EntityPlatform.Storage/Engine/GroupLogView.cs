using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// One group's log as the Raft core reads it, with MemoryRaftLogStorage's semantics, served from the
/// in-memory index the engine keeps up to date on every commit. Snapshot data is not held here: it lives in
/// the snapshot store; <see cref="TryGetSnapshot"/> returns the metadata with empty data.
/// Using a view after its group was wiped or refused throws.
/// </summary>
public sealed class GroupLogView : IRaftLogStorage
{
    private readonly LogEngine engine;

    internal GroupLogView(LogEngine engine, ulong groupId)
    {
        this.engine = engine;
        GroupId = groupId;
    }

    public ulong GroupId { get; }

    public HardState HardState => State.HardState;

    /// <summary>Metadata of the latest snapshot (created or installed); its ConfState is the persisted membership.</summary>
    public SnapshotMetadata SnapshotMetadata => State.Snapshot;

    public (HardState HardState, ConfState ConfState) InitialState()
    {
        var state = State;
        return (state.HardState, state.Snapshot.ConfState);
    }

    public ulong FirstIndex => State.FirstIndex;

    public ulong LastIndex => State.LastIndex;

    public StorageLookup TryGetTerm(ulong index, out ulong term)
    {
        var state = State;
        if (index < state.OffsetIndex)
        {
            term = 0;
            return StorageLookup.Compacted;
        }

        return state.TryGetTerm(index, out term) ? StorageLookup.Ok : StorageLookup.Unavailable;
    }

    public StorageLookup TryGetEntries(ulong low, ulong high, ulong maxBytes, out Entry[] entries)
    {
        entries = [];
        var state = State;
        if (low <= state.OffsetIndex)
        {
            return StorageLookup.Compacted;
        }

        Invariant.Assert(high <= state.LastIndex + 1, $"group {GroupId}: high {high} past last index {state.LastIndex}");
        var count = 0;
        ulong size = 0;
        for (var index = low; index < high; index++)
        {
            size += state.SizeBytesAt(index);
            if (count > 0 && size > maxBytes)
            {
                break;
            }

            count++;
        }

        entries = new Entry[count];
        state.CopyEntries(low, count, entries);
        return StorageLookup.Ok;
    }

    public StorageLookup TryGetSnapshot(out Snapshot snapshot)
    {
        snapshot = new Snapshot(State.Snapshot, ReadOnlyMemory<byte>.Empty);
        return StorageLookup.Ok;
    }

    private GroupState State
    {
        get
        {
            engine.ThrowIfRefused(GroupId);
            if (!engine.TryGetState(GroupId, out var state))
            {
                throw new StorageUsageException($"group {GroupId}: the group was wiped or never existed");
            }

            return state;
        }
    }
}
