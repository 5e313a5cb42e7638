using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// One group's durable state as rebuilt in memory, with the same semantics as MemoryRaftLogStorage. Both
/// the commit path and recovery change it only through these methods, so a replayed log reproduces exactly
/// what the commit path built.
/// Invariants: OffsetIndex ≤ Snapshot.Index is not required (a created snapshot may be ahead of the
/// compaction point); entries[k].Index == OffsetIndex + 1 + k; BaseAddress ≤ every address this state
/// depends on besides HardStateAddress.
/// </summary>
internal sealed class GroupState(ulong groupId)
{
    private readonly List<Entry> entries = [];

    public ulong GroupId { get; } = groupId;
    public SnapshotMetadata Snapshot { get; private set; } = SnapshotMetadata.Empty;
    public HardState HardState { get; private set; }

    /// <summary>Index and term of the entry just before the first retained one (the dummy entry).</summary>
    public ulong OffsetIndex { get; private set; }
    public ulong OffsetTerm { get; private set; }

    /// <summary>Address of the record the log part of this state is rebuilt from (bootstrap, install, image).</summary>
    public long BaseAddress { get; set; }

    /// <summary>Address of the record holding the current hard state (or the base, when that holds it).</summary>
    public long HardStateAddress { get; set; }

    /// <summary>Bytes of the retained entries as <see cref="Entry.SizeBytes"/> counts them.</summary>
    public ulong LiveBytes { get; private set; }

    /// <summary>The oldest log address this group still needs: compaction may not truncate past it.</summary>
    public long PinAddress => Math.Min(BaseAddress, HardStateAddress);

    public ulong FirstIndex => OffsetIndex + 1;
    public ulong LastIndex => OffsetIndex + (ulong)entries.Count;
    public int EntryCount => entries.Count;

    public Entry EntryAt(ulong index) => entries[(int)(index - OffsetIndex - 1)];

    public bool TryGetTerm(ulong index, out ulong term)
    {
        term = index == OffsetIndex ? OffsetTerm : 0;
        if (index == OffsetIndex)
        {
            return true;
        }

        if (index < OffsetIndex || index > LastIndex)
        {
            return false;
        }

        term = EntryAt(index).Term;
        return true;
    }

    public void CopyEntries(ulong low, int count, Entry[] target) =>
        entries.CopyTo((int)(low - OffsetIndex - 1), target, 0, count);

    public void SetHardState(HardState state) => HardState = state;

    /// <summary>Appends after discarding the conflicting suffix; entries before FirstIndex are skipped.</summary>
    public void Append(ReadOnlySpan<Entry> incoming)
    {
        if (incoming.IsEmpty || incoming[^1].Index < FirstIndex)
        {
            return;
        }

        if (incoming[0].Index < FirstIndex)
        {
            incoming = incoming[(int)(FirstIndex - incoming[0].Index)..];
        }

        var keep = incoming[0].Index - FirstIndex;
        Invariant.Assert(keep <= (ulong)entries.Count, $"group {GroupId}: gap appending {incoming[0].Index} after {LastIndex}");
        TruncateFrom((int)keep);
        foreach (var entry in incoming)
        {
            entries.Add(entry);
            LiveBytes += entry.SizeBytes;
        }
    }

    /// <summary>Installs a snapshot from the leader (or the bootstrap at index 0): the whole log is replaced.</summary>
    public void InstallSnapshot(SnapshotMetadata metadata)
    {
        Snapshot = metadata;
        OffsetIndex = metadata.Index;
        OffsetTerm = metadata.Term;
        TruncateFrom(0);
    }

    /// <summary>Records a locally taken snapshot; the log itself is unchanged.</summary>
    public void CreateSnapshot(SnapshotMetadata metadata) => Snapshot = metadata;

    /// <summary>Discards entries up to and including <paramref name="index"/>, whose term is <paramref name="term"/>.</summary>
    public void Compact(ulong index, ulong term)
    {
        if (index <= OffsetIndex)
        {
            return;
        }

        Invariant.Assert(index <= LastIndex, $"group {GroupId}: compact {index} past last {LastIndex}");
        var drop = (int)(index - OffsetIndex);
        for (var k = 0; k < drop; k++)
        {
            LiveBytes -= entries[k].SizeBytes;
        }

        entries.RemoveRange(0, drop);
        OffsetIndex = index;
        OffsetTerm = term;
    }

    /// <summary>Replaces the whole state with an image written by compaction.</summary>
    public void ApplyImage(SnapshotMetadata snapshot, HardState hardState, ulong offsetIndex, ulong offsetTerm)
    {
        Snapshot = snapshot;
        HardState = hardState;
        OffsetIndex = offsetIndex;
        OffsetTerm = offsetTerm;
        TruncateFrom(0);
    }

    private void TruncateFrom(int position)
    {
        for (var k = position; k < entries.Count; k++)
        {
            LiveBytes -= entries[k].SizeBytes;
        }

        entries.RemoveRange(position, entries.Count - position);
    }
}
