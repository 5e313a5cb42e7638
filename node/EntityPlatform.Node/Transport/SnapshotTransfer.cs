using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Hashing;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// One snapshot being received: the declared length and checksum, the metadata every chunk must repeat,
/// and a buffer of exactly the declared length that chunks fill in offset order.
/// Invariant: _received &lt;= _data.Length.
/// </summary>
internal sealed class SnapshotTransfer(SnapshotKey key, SnapshotChunk first, int lengthBytes, uint crc32C)
{
    private readonly byte[] _data = lengthBytes == 0 ? [] : GC.AllocateUninitializedArray<byte>(lengthBytes);
    private readonly Grpc.Api.V1.SnapshotMetadata _metadata = first.Metadata;
    private int _received;

    public SnapshotKey Key { get; } = key;

    public bool Complete { get; private set; }

    public int ReceivedBytes => _received;

    public byte[] Data => _data;

    /// <summary>Adds the next chunk; returns a sentence naming the bad field, or null.</summary>
    public string? Append(SnapshotChunk chunk)
    {
        if (Complete)
        {
            return "SnapshotChunk arrived after the chunk with last = true";
        }

        if (chunk.GroupId != first.GroupId || chunk.From != first.From || chunk.To != first.To || !_metadata.Equals(chunk.Metadata))
        {
            return $"SnapshotChunk at offset {chunk.Offset} changed group_id, from, to or metadata mid-transfer";
        }

        if (chunk.Offset != (ulong)_received)
        {
            return $"SnapshotChunk.offset is {chunk.Offset}; expected {_received} (chunks must arrive in order without gaps)";
        }

        if (chunk.Data.Length > _data.Length - _received)
        {
            return $"SnapshotChunk at offset {chunk.Offset} carries {chunk.Data.Length} bytes, past the declared {SnapshotHeaders.Length} of {_data.Length}";
        }

        chunk.Data.Span.CopyTo(_data.AsSpan(_received));
        _received += chunk.Data.Length;
        Complete = chunk.Last;
        return null;
    }

    /// <summary>After the last chunk: the length and checksum match what the sender declared, or a sentence saying which does not.</summary>
    public string? Verify()
    {
        Invariant.Assert(Complete);
        if (_received != _data.Length)
        {
            return $"snapshot ended at {_received} bytes; {SnapshotHeaders.Length} declared {_data.Length}";
        }

        var actual = Crc32C.Compute(_data);
        return actual == crc32C ? null : $"snapshot CRC-32C is {actual}; {SnapshotHeaders.Crc32C} declared {crc32C}";
    }
}
