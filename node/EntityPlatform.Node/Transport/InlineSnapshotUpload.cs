using EntityPlatform.Hashing;

namespace EntityPlatform.Node.Transport;

/// <summary>A snapshot whose bytes are already in memory (a MSG_SNAP that carries its data, as in tests).</summary>
public sealed class InlineSnapshotUpload(ReadOnlyMemory<byte> data) : SnapshotUpload
{
    public override long LengthBytes => data.Length;

    public override uint Crc32C { get; } = Hashing.Crc32C.Compute(data.Span);

    public override IEnumerable<ReadOnlyMemory<byte>> Pieces(int maxPieceBytes) => Slice(data, maxPieceBytes);
}
