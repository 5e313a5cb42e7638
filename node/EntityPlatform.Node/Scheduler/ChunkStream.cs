namespace EntityPlatform.Node.Scheduler;

/// <summary>A read-only stream over a sequence of chunks, so a snapshot file restores without one big buffer.</summary>
public sealed class ChunkStream(IEnumerable<ReadOnlyMemory<byte>> chunks) : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> source = chunks.GetEnumerator();
    private ReadOnlyMemory<byte> current;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (current.IsEmpty)
        {
            if (!source.MoveNext())
            {
                return 0;
            }

            current = source.Current;
        }

        var count = Math.Min(buffer.Length, current.Length);
        current.Span[..count].CopyTo(buffer);
        current = current[count..];
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        source.Dispose();
        base.Dispose(disposing);
    }
}
