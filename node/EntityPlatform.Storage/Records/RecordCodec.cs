using System.Buffers.Binary;
using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Records;

/// <summary>
/// Payload encodings of each <see cref="RecordKind"/>. Every field is fixed width, little endian.
/// Entries are laid out as a table (term, type, length per entry) followed by all the data back to back,
/// so decoding copies the data out of the chunk with one copy per record, not one per entry.
/// </summary>
public static class RecordCodec
{
    /// <summary>Bytes one entry takes in an Entries payload besides its data: term u64, type u8, length u32.</summary>
    public const int EntryOverheadBytes = 13;

    /// <summary>Bytes of the Entries payload before the table: flags u8, firstIndex u64, count u32.</summary>
    public const int EntriesPrefixBytes = 13;

    /// <summary>Bytes of a hard state: term, vote, commit.</summary>
    public const int HardStateBytes = 24;

    private const byte HasHardStateFlag = 1;

    /// <summary>Payload bytes of an Entries record with <paramref name="count"/> entries holding <paramref name="dataBytes"/> in all.</summary>
    public static int EntriesPayloadBytes(int count, long dataBytes, bool withHardState) =>
        checked((int)(EntriesPrefixBytes + (withHardState ? HardStateBytes : 0) + (long)count * EntryOverheadBytes + dataBytes));

    /// <summary>
    /// Entries payload: flags u8 (bit 0: a hard state follows), [hard state], firstIndex u64, count u32,
    /// count × (term u64, type u8, length u32), then the data of every entry back to back.
    /// </summary>
    public static void WriteEntries(RecordWriter writer, ReadOnlySpan<Entry> entries, HardState? hardState)
    {
        writer.WriteU8(hardState is null ? (byte)0 : HasHardStateFlag);
        if (hardState is { } state)
        {
            WriteHardState(writer, state);
        }

        writer.WriteU64(entries[0].Index);
        writer.WriteU32((uint)entries.Length);
        var table = writer.Reserve(entries.Length * EntryOverheadBytes);
        for (var k = 0; k < entries.Length; k++)
        {
            var row = table.Slice(k * EntryOverheadBytes, EntryOverheadBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(row, entries[k].Term);
            row[8] = (byte)entries[k].Type;
            BinaryPrimitives.WriteUInt32LittleEndian(row[9..], (uint)entries[k].Data.Length);
        }

        for (var k = 0; k < entries.Length; k++)
        {
            writer.WriteBytes(entries[k].Data.Span);
        }
    }

    /// <summary>
    /// Decodes an Entries payload without copying: the caller copies the data region it keeps (one copy
    /// per record, not one per entry). Every entry length is checked against the data before returning.
    /// </summary>
    public static EntriesView ReadEntries(ReadOnlySpan<byte> payload)
    {
        var reader = new SpanReader(payload);
        var flags = reader.ReadU8();
        if ((flags & ~HasHardStateFlag) != 0)
        {
            throw new FormatException($"unknown entries flags 0x{flags:X2}");
        }

        HardState? hardState = (flags & HasHardStateFlag) != 0 ? new HardState(reader.ReadU64(), reader.ReadU64(), reader.ReadU64()) : null;
        var firstIndex = reader.ReadU64();
        var count = reader.ReadU32();
        if (count == 0 || count > (uint)reader.Remaining / EntryOverheadBytes || firstIndex == 0 || firstIndex + count < firstIndex)
        {
            throw new FormatException($"entry count {count} from index {firstIndex} does not fit in {payload.Length} payload bytes");
        }

        var table = reader.Take((int)count * EntryOverheadBytes);
        var data = reader.Take(reader.Remaining);
        long total = 0;
        for (var k = 0; k < (int)count; k++)
        {
            total += BinaryPrimitives.ReadUInt32LittleEndian(table.Slice(k * EntryOverheadBytes + 9, 4));
        }

        if (total != data.Length)
        {
            throw new FormatException($"entries hold {total} data bytes but the record has {data.Length}");
        }

        return new EntriesView(firstIndex, (int)count, hardState, table, data);
    }

    public static void WriteHardState(RecordWriter writer, HardState state)
    {
        writer.WriteU64(state.Term);
        writer.WriteU64(state.Vote);
        writer.WriteU64(state.Commit);
    }

    public static HardState ReadHardState(ref PayloadReader reader) =>
        new(reader.ReadU64(), reader.ReadU64(), reader.ReadU64());

    /// <summary>Payload bytes <see cref="WriteSnapshotMetadata"/> writes.</summary>
    public static int SnapshotMetadataBytes(SnapshotMetadata metadata)
    {
        var conf = metadata.ConfState;
        return 16 + 16 + 8 * (conf.Voters.Count + conf.Learners.Count + conf.VotersOutgoing.Count + conf.LearnersNext.Count) + 1;
    }

    public static void WriteSnapshotMetadata(RecordWriter writer, SnapshotMetadata metadata)
    {
        writer.WriteU64(metadata.Index);
        writer.WriteU64(metadata.Term);
        var conf = metadata.ConfState;
        writer.WriteIds(conf.Voters);
        writer.WriteIds(conf.Learners);
        writer.WriteIds(conf.VotersOutgoing);
        writer.WriteIds(conf.LearnersNext);
        writer.WriteU8(conf.AutoLeave ? (byte)1 : (byte)0);
    }

    public static SnapshotMetadata ReadSnapshotMetadata(ref PayloadReader reader)
    {
        var index = reader.ReadU64();
        var term = reader.ReadU64();
        var voters = reader.ReadIds();
        var learners = reader.ReadIds();
        var votersOutgoing = reader.ReadIds();
        var learnersNext = reader.ReadIds();
        var autoLeave = reader.ReadU8() != 0;
        return new SnapshotMetadata(index, term, new ConfState(voters, learners, votersOutgoing, learnersNext, autoLeave));
    }

    public static void EnsureEnd(PayloadReader reader)
    {
        if (!reader.AtEnd)
        {
            throw new FormatException("payload has trailing bytes");
        }
    }
}
