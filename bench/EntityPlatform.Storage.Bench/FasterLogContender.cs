using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Bench;

/// <summary>
/// FASTER's own floor: the engine's device (same FasterLog settings) given the batch's raw entry bytes in
/// chunks of the engine's chunk size and one commit with a cookie per batch, with no engine work at all.
/// It separates what FASTER's commit costs against the FileStream limit from what the engine adds.
/// </summary>
internal sealed class FasterLogContender(string directory, int perBatch) : IThroughputContender
{
    private readonly FasterLogDevice device = new(BenchEntries.Fresh(directory));
    private readonly byte[] payload = new byte[perBatch * BenchEntries.EntryBytes];
    private readonly byte[] cookie = new byte[28];
    private readonly int chunkBytes = new LogEngineOptions().ChunkBytes;

    public long Step()
    {
        for (var offset = 0; offset < payload.Length; offset += chunkBytes)
        {
            device.Append(payload.AsSpan(offset, Math.Min(chunkBytes, payload.Length - offset)));
        }

        device.Commit(cookie);
        return perBatch;
    }

    public void Dispose() => device.Dispose();
}
