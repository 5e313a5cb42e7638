using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// One group's durable state as rebuilt in memory, with the same semantics as MemoryRaftLogStorage. Both
/// the commit path and recovery change it only through these methods, so a replayed log reproduces exactly
/// what the commit path built.
/// Invariants: OffsetIndex ≤ Snapshot.Index is not required (a created snapshot may be ahead of the
/// compaction point); the entry at position k (from <c>head</c>) has Index == OffsetIndex + 1 + k;
/// BaseAddress ≤ every address this state depends on besides HardStateAddress.
/// The retained entries sit in one array from <c>head</c> on, so appending at the end and compacting the
/// front are both amortized O(1) per entry (no shifting of the whole log on every compaction). They are
/// reference-free slots; their data lie in <see cref="EntryDataArena"/> blocks (see there for why).
/// </summary>
internal sealed class GroupState(ulong groupId)
{
    private readonly EntryDataArena data = new();
    private EntrySlot[] entries = [];
    private int head;
    private int count;

    public ulong GroupId { get; } = groupId;
    public SnapshotMetadata Snapshot { get; private set; } = SnapshotMetadata.Empty;
    public HardState HardState { get; private set; }

    /// <summary>Index and term of the entry just before the first retained one (the dummy entry).</summary>
    public ulong OffsetIndex { get; private set; }
    public ulong OffsetTerm { get; private set; }

    /// <summary>Address of the chunk the log part of this state is rebuilt from (bootstrap, install, image).</summary>
    public long BaseAddress { get; set; }

    /// <summary>Address of the chunk holding the current hard state (or the base, when that holds it).</summary>
    public long HardStateAddress { get; set; }

    /// <summary>Bytes of the retained entries as <see cref="Entry.SizeBytes"/> counts them.</summary>
    public ulong LiveBytes { get; private set; }

    /// <summary>The oldest log address this group still needs: compaction may not truncate past it.</summary>
    public long PinAddress => Math.Min(BaseAddress, HardStateAddress);

    public ulong FirstIndex => OffsetIndex + 1;
    public ulong LastIndex => OffsetIndex + (ulong)count;
    public int EntryCount => count;

    public Entry EntryAt(ulong index) => Materialize(index, entries[head + (int)(index - OffsetIndex - 1)]);

    /// <summary>Bytes of the data blocks this group holds (at least the retained data).</summary>
    public long DataCapacityBytes => data.CapacityBytes;

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

        term = entries[head + (int)(index - OffsetIndex - 1)].Term;
        return true;
    }

    public void CopyEntries(ulong low, int length, Entry[] target)
    {
        var first = head + (int)(low - OffsetIndex - 1);
        for (var k = 0; k < length; k++)
        {
            target[k] = Materialize(low + (ulong)k, entries[first + k]);
        }
    }

    /// <summary>Bytes <see cref="Entry.SizeBytes"/> counts for the entry at <paramref name="index"/>.</summary>
    public ulong SizeBytesAt(ulong index) => (ulong)entries[head + (int)(index - OffsetIndex - 1)].Length + Entry.HeaderSizeBytes;

    public void SetHardState(HardState state) => HardState = state;

    /// <summary>
    /// Appends a decoded Entries record after discarding the conflicting suffix; entries before FirstIndex
    /// are skipped. The kept entries' data are copied into the arena in one piece.
    /// </summary>
    public void Append(EntriesView incoming)
    {
        if (incoming.LastIndex < FirstIndex)
        {
            return;
        }

        var skip = incoming.FirstIndex < FirstIndex ? (int)(FirstIndex - incoming.FirstIndex) : 0;
        var skippedBytes = 0;
        for (var k = 0; k < skip; k++)
        {
            skippedBytes += incoming.LengthAt(k);
        }

        var firstKept = incoming.FirstIndex + (ulong)skip;
        var keep = firstKept - FirstIndex;
        Invariant.Assert(keep <= (ulong)count, "gap appending entries after the last index");
        TruncateFrom((int)keep);
        var added = incoming.Count - skip;
        Reserve(added);
        var (blockId, offset) = data.Add(incoming.Data[skippedBytes..]);
        for (var k = skip; k < incoming.Count; k++)
        {
            var length = incoming.LengthAt(k);
            entries[head + count] = new EntrySlot(incoming.TermAt(k), blockId, offset, length, incoming.TypeAt(k));
            count++;
            offset += length;
            LiveBytes += (ulong)length + Entry.HeaderSizeBytes;
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

        Invariant.Assert(index <= LastIndex, "compaction past the last index");
        var drop = (int)(index - OffsetIndex);
        for (var k = 0; k < drop; k++)
        {
            LiveBytes -= (ulong)entries[head + k].Length + Entry.HeaderSizeBytes;
        }

        head += drop;
        count -= drop;
        if (count == 0)
        {
            head = 0;
            data.Clear();
        }
        else
        {
            data.DropBefore(entries[head].BlockId);
        }

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
        if (position == count)
        {
            return;
        }

        for (var k = position; k < count; k++)
        {
            LiveBytes -= (ulong)entries[head + k].Length + Entry.HeaderSizeBytes;
        }

        count = position;
        if (count == 0)
        {
            head = 0;
            data.Clear();
        }
        else
        {
            data.DropAfter(entries[head + count - 1].BlockId);
        }
    }

    private Entry Materialize(ulong index, in EntrySlot slot) =>
        new(slot.Term, index, slot.Type, data.Slice(slot.BlockId, slot.Offset, slot.Length));

    /// <summary>
    /// Room for <paramref name="more"/> entries after the last one: the compacted front is reclaimed by
    /// moving the live entries down when it is at least half the array, else the array doubles.
    /// </summary>
    private void Reserve(int more)
    {
        var needed = count + more;
        if (head + needed <= entries.Length)
        {
            return;
        }

        var target = needed <= entries.Length / 2 ? entries : new EntrySlot[Math.Max(needed, Math.Max(16, entries.Length * 2))];
        Array.Copy(entries, head, target, 0, count);
        entries = target;
        head = 0;
    }
}
