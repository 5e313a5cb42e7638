using System.Buffers.Binary;
using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Records;

/// <summary>
/// A decoded Entries payload whose table was checked against its data (every length fits, and they add
/// up to exactly the data bytes): the entry table and the data region, still in the record's buffer.
/// </summary>
public readonly ref struct EntriesView(ulong firstIndex, int count, HardState? hardState, ReadOnlySpan<byte> table, ReadOnlySpan<byte> data)
{
    public ulong FirstIndex { get; } = firstIndex;
    public int Count { get; } = count;
    public HardState? HardState { get; } = hardState;
    public ReadOnlySpan<byte> Table { get; } = table;
    public ReadOnlySpan<byte> Data { get; } = data;

    public ulong LastIndex => FirstIndex + (ulong)Count - 1;

    public ulong TermAt(int k) => BinaryPrimitives.ReadUInt64LittleEndian(Table.Slice(k * RecordCodec.EntryOverheadBytes, 8));

    public EntryType TypeAt(int k) => (EntryType)Table[k * RecordCodec.EntryOverheadBytes + 8];

    public int LengthAt(int k) => (int)BinaryPrimitives.ReadUInt32LittleEndian(Table.Slice(k * RecordCodec.EntryOverheadBytes + 9, 4));
}
