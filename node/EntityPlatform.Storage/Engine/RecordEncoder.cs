using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// Turns batch operations and compaction images into sealed records. LSNs are assigned here, one per
/// record, in append order.
/// </summary>
internal sealed class RecordEncoder(int maxRecordBytes)
{
    private readonly RecordWriter writer = new(4096);

    public ulong NextLsn { get; set; } = 1;

    /// <summary>Entries records for one group, split so that none exceeds the device's record limit.</summary>
    public IEnumerable<byte[]> Entries(ulong groupId, Entry[] entries)
    {
        var start = 0;
        while (start < entries.Length)
        {
            var bytes = RecordLayout.HeaderBytes + RecordCodec.EntriesPrefixBytes;
            var end = start;
            while (end < entries.Length && (end == start || bytes + RecordCodec.EntryOverheadBytes + entries[end].Data.Length <= maxRecordBytes))
            {
                bytes += RecordCodec.EntryOverheadBytes + entries[end].Data.Length;
                end++;
            }

            Invariant.Assert(bytes <= maxRecordBytes, $"entry {entries[start].Index} does not fit in a record");
            RecordCodec.WriteEntries(writer, entries.AsSpan(start, end - start));
            yield return Seal(RecordKind.Entries, groupId);
            start = end;
        }
    }

    public byte[] HardState(ulong groupId, HardState state)
    {
        RecordCodec.WriteHardState(writer, state);
        return Seal(RecordKind.HardState, groupId);
    }

    public byte[] Snapshot(RecordKind kind, ulong groupId, SnapshotMetadata metadata)
    {
        RecordCodec.WriteSnapshotMetadata(writer, metadata);
        return Seal(kind, groupId);
    }

    public byte[] Compacted(ulong groupId, ulong index, ulong term)
    {
        writer.WriteU64(index);
        writer.WriteU64(term);
        return Seal(RecordKind.Compacted, groupId);
    }

    public byte[] Image(GroupState group)
    {
        RecordCodec.WriteSnapshotMetadata(writer, group.Snapshot);
        RecordCodec.WriteHardState(writer, group.HardState);
        writer.WriteU64(group.OffsetIndex);
        writer.WriteU64(group.OffsetTerm);
        return Seal(RecordKind.GroupImage, group.GroupId);
    }

    public byte[] Wiped(ulong groupId) => Seal(RecordKind.GroupWiped, groupId);

    private byte[] Seal(RecordKind kind, ulong groupId)
    {
        var record = writer.Seal(kind, groupId, NextLsn);
        NextLsn++;
        return record;
    }
}
