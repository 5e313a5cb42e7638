using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// Packs batch operations and compaction images as records into chunks (see <see cref="ChunkLayout"/>).
/// Each record is sized before it is written; when it would take the chunk past its target size the
/// chunk is handed to <c>flush</c> first (which appends it to the device and applies it). A record may
/// exceed the target only to fit one large entry, never the chunk buffer (the device's record limit).
/// LSNs are assigned here, one per record, in append order.
/// </summary>
internal sealed class RecordEncoder(int chunkCapacity, int chunkTargetBytes, Action flush)
{
    private readonly int targetBytes = Math.Min(chunkTargetBytes, chunkCapacity);

    public RecordWriter Writer { get; } = new(chunkCapacity);

    public ulong NextLsn { get; set; } = 1;

    /// <summary>Groups with a record in the pending (not yet applied) chunk.</summary>
    public HashSet<ulong> PendingGroups { get; } = [];

    /// <summary>
    /// Entries records for one group, split at chunk boundaries; <paramref name="hardState"/>, when given,
    /// rides on the last of them (one record for the usual entries + hard state of a Ready).
    /// </summary>
    public void Entries(ulong groupId, ReadOnlySpan<Entry> entries, HardState? hardState)
    {
        var fixedBytes = RecordLayout.HeaderBytes + RecordCodec.EntriesPayloadBytes(0, 0, hardState is not null);
        var start = 0;
        while (start < entries.Length)
        {
            var room = Room(fixedBytes + RecordCodec.EntryOverheadBytes + entries[start].Data.Length);
            var bytes = fixedBytes;
            var end = start;
            while (end < entries.Length && bytes + RecordCodec.EntryOverheadBytes + entries[end].Data.Length <= room)
            {
                bytes += RecordCodec.EntryOverheadBytes + entries[end].Data.Length;
                end++;
            }

            Invariant.Assert(end > start, "an entry does not fit in an empty chunk");
            var last = end == entries.Length;
            if (!last && hardState is not null)
            {
                bytes -= RecordCodec.HardStateBytes; // only the last piece carries the hard state
            }

            var recordStart = Begin();
            RecordCodec.WriteEntries(Writer, entries[start..end], last ? hardState : null);
            Seal(RecordKind.Entries, groupId, recordStart, bytes);
            start = end;
        }
    }

    public void HardState(ulong groupId, HardState state)
    {
        var bytes = RecordLayout.HeaderBytes + RecordCodec.HardStateBytes;
        Room(bytes);
        var recordStart = Begin();
        RecordCodec.WriteHardState(Writer, state);
        Seal(RecordKind.HardState, groupId, recordStart, bytes);
    }

    public void Snapshot(RecordKind kind, ulong groupId, SnapshotMetadata metadata)
    {
        var bytes = RecordLayout.HeaderBytes + RecordCodec.SnapshotMetadataBytes(metadata);
        Room(bytes);
        var recordStart = Begin();
        RecordCodec.WriteSnapshotMetadata(Writer, metadata);
        Seal(kind, groupId, recordStart, bytes);
    }

    public void Compacted(ulong groupId, ulong index, ulong term)
    {
        var bytes = RecordLayout.HeaderBytes + 16;
        Room(bytes);
        var recordStart = Begin();
        Writer.WriteU64(index);
        Writer.WriteU64(term);
        Seal(RecordKind.Compacted, groupId, recordStart, bytes);
    }

    public void Image(GroupState group)
    {
        var bytes = RecordLayout.HeaderBytes + RecordCodec.SnapshotMetadataBytes(group.Snapshot) + RecordCodec.HardStateBytes + 16;
        Room(bytes);
        var recordStart = Begin();
        RecordCodec.WriteSnapshotMetadata(Writer, group.Snapshot);
        RecordCodec.WriteHardState(Writer, group.HardState);
        Writer.WriteU64(group.OffsetIndex);
        Writer.WriteU64(group.OffsetTerm);
        Seal(RecordKind.GroupImage, group.GroupId, recordStart, bytes);
    }

    public void Wiped(ulong groupId)
    {
        Room(RecordLayout.HeaderBytes);
        var recordStart = Begin();
        Seal(RecordKind.GroupWiped, groupId, recordStart, RecordLayout.HeaderBytes);
    }

    /// <summary>The record that closes batch <paramref name="batchSeq"/>.</summary>
    public void BatchEnd(ulong batchSeq)
    {
        Room(ChunkLayout.BatchEndBytes);
        var recordStart = Begin();
        Writer.WriteU64(batchSeq);
        Seal(RecordKind.BatchEnd, 0, recordStart, ChunkLayout.BatchEndBytes);
    }

    /// <summary>
    /// Makes room for a record of at least <paramref name="minBytes"/> and returns how many bytes it may
    /// take: up to the chunk's target size, or more only when that is the only way to fit it.
    /// </summary>
    private int Room(int minBytes)
    {
        Invariant.Assert(minBytes <= Writer.Capacity, "a record does not fit in a chunk");
        if (Writer.Length > 0 && Writer.Length + minBytes > targetBytes)
        {
            flush();
            Invariant.Assert(Writer.Length == 0, "flush left the chunk non-empty");
        }

        return Math.Max(targetBytes - Writer.Length, Math.Min(minBytes, Writer.Free));
    }

    private int Begin()
    {
        var recordStart = Writer.Length;
        Writer.BeginRecord();
        return recordStart;
    }

    private void Seal(RecordKind kind, ulong groupId, int recordStart, int expectedBytes)
    {
        Invariant.Assert(Writer.Length - recordStart == expectedBytes, "record size differs from its estimate");
        Writer.EndRecord(kind, groupId, NextLsn);
        NextLsn++;
        if (kind != RecordKind.BatchEnd)
        {
            PendingGroups.Add(groupId);
        }
    }
}
