using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// One snapshot being received, spilled to disk as it arrives: chunks are appended in offset order to a
/// snapshot file in the staging area (the snapshot store's format, each chunk with its own CRC), while the
/// CRC-32C of the whole is computed on the way. Nothing is published until <see cref="Verify"/> agrees
/// with what the sender declared; then <see cref="Persist"/> seals the file (fsync, rename). Disposing an
/// unpersisted transfer deletes its partial file. Memory: none beyond the chunk in hand.
/// Invariant: ReceivedBytes &lt;= declared length.
/// </summary>
internal sealed class SnapshotTransfer(SnapshotKey key, SnapshotChunk first, SnapshotWriter file, long lengthBytes, uint crc32C) : IDisposable
{
    private readonly Grpc.Api.V1.SnapshotMetadata _metadata = first.Metadata;
    private uint _crc;
    private bool _persisted;

    public SnapshotKey Key { get; } = key;

    public bool Complete { get; private set; }

    public long ReceivedBytes { get; private set; }

    public long LengthBytes => lengthBytes;

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

        if (chunk.Offset != (ulong)ReceivedBytes)
        {
            return $"SnapshotChunk.offset is {chunk.Offset}; expected {ReceivedBytes} (chunks must arrive in order without gaps)";
        }

        if (chunk.Data.Length > lengthBytes - ReceivedBytes)
        {
            return $"SnapshotChunk at offset {chunk.Offset} carries {chunk.Data.Length} bytes, past the declared {SnapshotHeaders.Length} of {lengthBytes}";
        }

        var data = chunk.Data.Span;
        file.WriteChunk(data);
        _crc = Hashing.Crc32C.Append(_crc, data);
        ReceivedBytes += data.Length;
        Complete = chunk.Last;
        return null;
    }

    /// <summary>After the last chunk: the length and checksum match what the sender declared, or a sentence saying which does not.</summary>
    public string? Verify()
    {
        Invariant.Assert(Complete);
        if (ReceivedBytes != lengthBytes)
        {
            return $"snapshot ended at {ReceivedBytes} bytes; {SnapshotHeaders.Length} declared {lengthBytes}";
        }

        return _crc == crc32C ? null : $"snapshot CRC-32C is {_crc}; {SnapshotHeaders.Crc32C} declared {crc32C}";
    }

    /// <summary>Seals the verified file under its final name in the staging area.</summary>
    public void Persist()
    {
        Invariant.Assert(Complete && Verify() is null, "only a verified transfer is persisted");
        file.Complete();
        _persisted = true;
    }

    public void Dispose()
    {
        // Deletes the temporary file unless it was sealed.
        file.Dispose();
    }

    public bool Persisted => _persisted;
}
