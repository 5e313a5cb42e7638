using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Log;

/// <summary>
/// An in-memory <see cref="IRaftLogStorage"/> with the write operations an application performs after a
/// Ready. Used by tests and the simulator; the node uses the FASTER engine instead.
/// Internally <c>entries[0]</c> is a dummy entry holding the snapshot's index and term, so term lookups at
/// <c>FirstIndex - 1</c> need no special case.
/// </summary>
public sealed class MemoryRaftLogStorage : IRaftLogStorage
{
    private readonly List<Entry> entries = [new Entry(0, 0, EntryType.Normal, default)];
    private HardState hardState;
    private Snapshot snapshot = Snapshot.Empty;

    public MemoryRaftLogStorage(ConfState? initialConfState = null)
    {
        if (initialConfState is not null)
        {
            snapshot = new Snapshot(new SnapshotMetadata(0, 0, initialConfState), default);
        }
    }

    public HardState HardState => hardState;

    public (HardState HardState, ConfState ConfState) InitialState() => (hardState, snapshot.Metadata.ConfState);

    public ulong FirstIndex => entries[0].Index + 1;

    public ulong LastIndex => entries[0].Index + (ulong)entries.Count - 1;

    public StorageLookup TryGetTerm(ulong index, out ulong term)
    {
        term = 0;
        var offset = entries[0].Index;
        if (index < offset)
        {
            return StorageLookup.Compacted;
        }

        if (index - offset >= (ulong)entries.Count)
        {
            return StorageLookup.Unavailable;
        }

        term = entries[(int)(index - offset)].Term;
        return StorageLookup.Ok;
    }

    public StorageLookup TryGetEntries(ulong low, ulong high, ulong maxBytes, out Entry[] result)
    {
        result = [];
        var offset = entries[0].Index;
        if (low <= offset)
        {
            return StorageLookup.Compacted;
        }

        Invariant.Assert(high <= LastIndex + 1, $"high {high} past last index {LastIndex}");
        var count = 0;
        ulong size = 0;
        for (var index = low; index < high; index++)
        {
            size += entries[(int)(index - offset)].SizeBytes;
            if (count > 0 && size > maxBytes)
            {
                break;
            }

            count++;
        }

        result = new Entry[count];
        entries.CopyTo((int)(low - offset), result, 0, count);
        return StorageLookup.Ok;
    }

    public StorageLookup TryGetSnapshot(out Snapshot result)
    {
        result = snapshot;
        return StorageLookup.Ok;
    }

    public void SetHardState(HardState state) => hardState = state;

    /// <summary>Replaces the whole log with a snapshot; an older snapshot than the current one is ignored.</summary>
    public void ApplySnapshot(Snapshot incoming)
    {
        if (incoming.Metadata.Index <= snapshot.Metadata.Index && !snapshot.IsEmpty)
        {
            return;
        }

        snapshot = incoming;
        entries.Clear();
        entries.Add(new Entry(incoming.Metadata.Term, incoming.Metadata.Index, EntryType.Normal, default));
    }

    /// <summary>Makes a snapshot at <paramref name="index"/> (which must be applied) without compacting.</summary>
    public Snapshot CreateSnapshot(ulong index, ConfState confState, ReadOnlyMemory<byte> data)
    {
        Invariant.Assert(index > snapshot.Metadata.Index && index <= LastIndex, $"snapshot index {index}");
        var term = entries[(int)(index - entries[0].Index)].Term;
        snapshot = new Snapshot(new SnapshotMetadata(index, term, confState), data);
        return snapshot;
    }

    /// <summary>Discards entries up to and including <paramref name="compactIndex"/>, which must be snapshotted.</summary>
    public void Compact(ulong compactIndex)
    {
        var offset = entries[0].Index;
        if (compactIndex <= offset)
        {
            return;
        }

        Invariant.Assert(compactIndex <= LastIndex, $"compact {compactIndex} past last {LastIndex}");
        var keep = (int)(compactIndex - offset);
        var dummy = new Entry(entries[keep].Term, entries[keep].Index, EntryType.Normal, default);
        entries.RemoveRange(0, keep);
        entries[0] = dummy;
    }

    /// <summary>Appends entries, first discarding any conflicting suffix (Raft's overwrite rule).</summary>
    public void Append(ReadOnlySpan<Entry> incoming)
    {
        if (incoming.IsEmpty)
        {
            return;
        }

        var first = FirstIndex;
        var last = incoming[^1].Index;
        if (last < first)
        {
            return;
        }

        if (first > incoming[0].Index)
        {
            incoming = incoming[(int)(first - incoming[0].Index)..];
        }

        var offset = incoming[0].Index - entries[0].Index;
        Invariant.Assert(offset <= (ulong)entries.Count, $"gap: appending {incoming[0].Index} after {LastIndex}");
        entries.RemoveRange((int)offset, entries.Count - (int)offset);
        foreach (var entry in incoming)
        {
            entries.Add(entry);
        }
    }
}
