using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Bench;

/// <summary>The engine: a batch of entries spread round-robin over the groups, each touched group's hard state, one Commit.</summary>
internal sealed class EngineContender : IThroughputContender
{
    private readonly LogEngine engine;
    private readonly int groups;
    private readonly int perBatch;
    private readonly ulong[] lastIndex;
    private readonly byte[] data = new byte[BenchEntries.EntryBytes];

    public EngineContender(string directory, int groups, int perBatch)
    {
        engine = LogEngine.Open(BenchEntries.Fresh(directory));
        BenchEntries.Bootstrap(engine, groups);
        this.groups = groups;
        this.perBatch = perBatch;
        lastIndex = new ulong[groups + 1];
    }

    /// <summary>Bytes the engine's log holds (records and FASTER framing).</summary>
    public long LogBytes => engine.LogBytes;

    public long Step()
    {
        engine.Commit(BenchEntries.Batch(engine, groups, perBatch, lastIndex, data));
        return perBatch;
    }

    public void Dispose() => engine.Dispose();
}
