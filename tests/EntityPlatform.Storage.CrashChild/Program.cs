using EntityPlatform.Storage.CrashChild;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;

// Usage: EntityPlatform.Storage.CrashChild <directory> [maxBatches]
// Opens (recovers) the store, then commits the deterministic workload's next batches forever (or up to
// maxBatches), printing "ACK <batch>" after each Commit returned. The parent kills it at random moments.
var directory = args[0];
var maxBatches = args.Length > 1 ? ulong.Parse(args[1]) : ulong.MaxValue;
using var engine = LogEngine.Open(directory, CrashStoreGeometry.Engine, CrashStoreGeometry.Device);
var stdout = Console.Out;
stdout.WriteLine($"OPEN {engine.DurableBatchSeq}");
stdout.Flush();
for (ulong done = 0; done < maxBatches; done++)
{
    var number = engine.DurableBatchSeq + 1;
    if (CrashWorkload.IsCompaction(number))
    {
        engine.CompactLog();
    }
    else
    {
        var batch = engine.NewBatch();
        CrashWorkload.Fill(number, id => engine.Contains(id) ? engine.Group(id) : null, batch);
        var durable = engine.Commit(batch);
        if (durable != number)
        {
            throw new InvalidOperationException($"commit returned batch {durable}, expected {number}");
        }
    }

    stdout.WriteLine($"ACK {number}");
    stdout.Flush();
}
