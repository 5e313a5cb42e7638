namespace EntityPlatform.Node.Transport;

/// <summary>
/// One snapshot being uploaded: its length and CRC-32C, which InstallSnapshot declares before the first
/// chunk (<see cref="SnapshotHeaders"/>), and its bytes as pieces of bounded size, read as the upload
/// goes. A piece stays valid until the next one is asked for. Dispose releases the file.
/// </summary>
public abstract class SnapshotUpload : IDisposable
{
    public abstract long LengthBytes { get; }

    /// <summary>CRC-32C (EntityPlatform.Hashing.Crc32C) of all <see cref="LengthBytes"/> bytes.</summary>
    public abstract uint Crc32C { get; }

    /// <summary>The bytes in order, each piece at most <paramref name="maxPieceBytes"/> long and none empty.</summary>
    public abstract IEnumerable<ReadOnlyMemory<byte>> Pieces(int maxPieceBytes);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Cuts <paramref name="chunk"/> into pieces of at most <paramref name="maxPieceBytes"/>.</summary>
    protected static IEnumerable<ReadOnlyMemory<byte>> Slice(ReadOnlyMemory<byte> chunk, int maxPieceBytes)
    {
        Invariant.Assert(maxPieceBytes > 0);
        for (var offset = 0; offset < chunk.Length; offset += maxPieceBytes)
        {
            yield return chunk.Slice(offset, Math.Min(maxPieceBytes, chunk.Length - offset));
        }
    }
}
