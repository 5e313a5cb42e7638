namespace EntityPlatform.Storage.Snapshots;

/// <summary>
/// A write-only stream into a <see cref="SnapshotWriter"/>: a state machine serializes straight into the
/// snapshot file, a chunk at a time, so a snapshot of any size never sits whole in memory (a MemoryStream
/// stops at 2 GiB). Writes are gathered into one buffer of the writer's chunk size and handed over when it
/// fills; <see cref="Flush"/> hands over what is gathered. Disposing does not complete the snapshot:
/// the caller calls <see cref="SnapshotWriter.Complete"/> once the state is written.
/// </summary>
public sealed class SnapshotWriterStream(SnapshotWriter writer) : Stream
{
    private readonly byte[] buffer = new byte[writer.MaxChunkBytes];
    private int buffered;
    private long written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => written;
    public override long Position { get => written; set => throw new NotSupportedException(); }

    public override void Write(byte[] source, int offset, int count) => Write(source.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var take = Math.Min(source.Length, buffer.Length - buffered);
            source[..take].CopyTo(buffer.AsSpan(buffered));
            buffered += take;
            written += take;
            source = source[take..];
            if (buffered == buffer.Length)
            {
                Flush();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
        if (buffered > 0)
        {
            writer.WriteChunk(buffer.AsSpan(0, buffered));
            buffered = 0;
        }
    }

    public override int Read(byte[] target, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }
}
