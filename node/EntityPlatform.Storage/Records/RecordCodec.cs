using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Records;

/// <summary>Payload encodings of each <see cref="RecordKind"/>. Every field is fixed width, little endian.</summary>
public static class RecordCodec
{
    /// <summary>Bytes one entry takes in an Entries payload besides its data: term u64, type u8, length u32.</summary>
    public const int EntryOverheadBytes = 13;

    /// <summary>Bytes of the Entries payload before the first entry: firstIndex u64, count u32.</summary>
    public const int EntriesPrefixBytes = 12;

    public static void WriteEntries(RecordWriter writer, ReadOnlySpan<Entry> entries)
    {
        writer.WriteU64(entries[0].Index);
        writer.WriteU32((uint)entries.Length);
        foreach (var entry in entries)
        {
            writer.WriteU64(entry.Term);
            writer.WriteU8((byte)entry.Type);
            writer.WriteU32((uint)entry.Data.Length);
            writer.WriteBytes(entry.Data.Span);
        }
    }

    /// <summary>Decodes entries; their data are slices of <paramref name="payload"/>, not copies.</summary>
    public static Entry[] ReadEntries(ReadOnlyMemory<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var firstIndex = reader.ReadU64();
        var count = reader.ReadU32();
        if (count == 0 || count > (uint)payload.Length / EntryOverheadBytes)
        {
            throw new FormatException($"entry count {count} does not fit in {payload.Length} payload bytes");
        }

        var entries = new Entry[count];
        for (var i = 0; i < entries.Length; i++)
        {
            var term = reader.ReadU64();
            var type = (EntryType)reader.ReadU8();
            var length = reader.ReadU32();
            entries[i] = new Entry(term, firstIndex + (ulong)i, type, reader.ReadBytes(checked((int)length)));
        }

        EnsureEnd(reader);
        return entries;
    }

    public static void WriteHardState(RecordWriter writer, HardState state)
    {
        writer.WriteU64(state.Term);
        writer.WriteU64(state.Vote);
        writer.WriteU64(state.Commit);
    }

    public static HardState ReadHardState(ref PayloadReader reader) =>
        new(reader.ReadU64(), reader.ReadU64(), reader.ReadU64());

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
