using System.Diagnostics;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Bench;

/// <summary>Writes a store holding <c>entries</c> entries (1,000 groups, 128 bytes each), then times a cold open.</summary>
internal static class RecoveryBench
{
    public static void Run(string directory, long entries)
    {
        const int groups = 1000, perBatch = 10_000;
        BenchEntries.Fresh(directory);
        using (var engine = LogEngine.Open(directory))
        {
            BenchEntries.Bootstrap(engine, groups);
            var lastIndex = new ulong[groups + 1];
            var data = new byte[BenchEntries.EntryBytes];
            for (long written = 0; written < entries; written += perBatch)
            {
                engine.Commit(BenchEntries.Batch(engine, groups, perBatch, lastIndex, data));
            }

            Console.WriteLine($"wrote {entries} entries, log {engine.LogBytes / 1e6:F1} MB");
        }

        for (var run = 0; run < 3; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            using var reopened = LogEngine.Open(directory);
            var elapsedMs = stopwatch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"open #{run + 1}: {elapsedMs:F0} ms total ({reopened.Recovery})");
        }
    }
}
