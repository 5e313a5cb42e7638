using System.Buffers.Binary;
using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Simulation.Replicas;

/// <summary>
/// The replicated application: a few keys, each holding the id of the last write to it and the log index
/// that write was applied at. Few keys on purpose, so reads and writes contend. Volatile: a crash loses it
/// and a restart rebuilds it from the stored snapshot plus the committed log.
/// </summary>
public sealed class KvStateMachine
{
    public const int KeyCount = 8;
    private const int SerializedBytes = 8 + (KeyCount * 16);

    private readonly ulong[] writeIds = new ulong[KeyCount];
    private readonly ulong[] writeIndexes = new ulong[KeyCount];

    public ulong AppliedIndex { get; private set; }

    /// <summary>An empty state that stands at <paramref name="appliedIndex"/> (a founding snapshot).</summary>
    public static KvStateMachine Empty(ulong appliedIndex) => new() { AppliedIndex = appliedIndex };

    /// <summary>Applies one committed entry; false when a Normal entry's payload is not a valid write (corruption).</summary>
    public bool Apply(in Entry entry)
    {
        AppliedIndex = entry.Index;
        if (entry.Type != EntryType.Normal || entry.Data.IsEmpty)
        {
            return true;
        }

        if (!WritePayload.TryDecode(entry.Data.Span, out var key, out var writeId))
        {
            return false;
        }

        writeIds[key] = writeId;
        writeIndexes[key] = entry.Index;
        return true;
    }

    public (ulong WriteId, ulong WriteIndex) Read(int key) => (writeIds[key], writeIndexes[key]);

    public byte[] Serialize()
    {
        var bytes = new byte[SerializedBytes];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, AppliedIndex);
        for (var key = 0; key < KeyCount; key++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 + (key * 16)), writeIds[key]);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16 + (key * 16)), writeIndexes[key]);
        }

        return bytes;
    }

    /// <summary>Null when the bytes are not a serialized state machine.</summary>
    public static KvStateMachine? Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SerializedBytes)
        {
            return null;
        }

        var machine = new KvStateMachine { AppliedIndex = BinaryPrimitives.ReadUInt64BigEndian(bytes) };
        for (var key = 0; key < KeyCount; key++)
        {
            machine.writeIds[key] = BinaryPrimitives.ReadUInt64BigEndian(bytes[(8 + (key * 16))..]);
            machine.writeIndexes[key] = BinaryPrimitives.ReadUInt64BigEndian(bytes[(16 + (key * 16))..]);
        }

        return machine;
    }

    /// <summary>FNV-1a over the keys' contents: replicas at the same applied index must agree on it.</summary>
    public ulong Digest()
    {
        var hash = 0xCBF2_9CE4_8422_2325UL;
        for (var key = 0; key < KeyCount; key++)
        {
            hash = (hash ^ writeIds[key]) * 0x100_0000_01B3UL;
            hash = (hash ^ writeIndexes[key]) * 0x100_0000_01B3UL;
        }

        return hash;
    }
}
