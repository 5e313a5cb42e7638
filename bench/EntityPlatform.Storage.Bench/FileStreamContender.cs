namespace EntityPlatform.Storage.Bench;

/// <summary>The physical limit: a plain FileStream that appends the batch's entry bytes and fsyncs.</summary>
internal sealed class FileStreamContender(string directory, int perBatch) : IThroughputContender
{
    private readonly FileStream stream = new(Path.Combine(BenchEntries.Fresh(directory), "append.bin"),
        FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);

    private readonly byte[] payload = new byte[perBatch * BenchEntries.EntryBytes];

    public long Step()
    {
        stream.Write(payload);
        stream.Flush(flushToDisk: true);
        return perBatch;
    }

    public void Dispose() => stream.Dispose();
}
