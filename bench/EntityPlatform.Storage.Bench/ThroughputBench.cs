using System.Diagnostics;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Bench;

/// <summary>
/// Durable entries/s of the engine against the physical limit measured in the same run: a FileStream
/// that appends the same payload bytes per batch and fsyncs once per batch.
/// </summary>
internal static class ThroughputBench
{
    public static void Run(string directory, double seconds)
    {
        Console.WriteLine("| groups | entries/batch | engine entries/s | engine MB/s | FileStream+fsync entries/s | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var groups in new[] { 1, 1000 })
        {
            foreach (var perBatch in new[] { 1000, 10_000 })
            {
                var limit = FileStreamLimit(Path.Combine(directory, "raw"), perBatch, seconds);
                var (engine, megabytes) = Engine(Path.Combine(directory, "engine"), groups, perBatch, seconds);
                Console.WriteLine($"| {groups} | {perBatch} | {engine:F0} | {megabytes:F1} | {limit:F0} | {engine / limit:P0} |");
            }
        }
    }

    private static (double EntriesPerSecond, double MegabytesPerSecond) Engine(string directory, int groups, int perBatch, double seconds)
    {
        using var engine = LogEngine.Open(BenchEntries.Fresh(directory));
        BenchEntries.Bootstrap(engine, groups);
        var lastIndex = new ulong[groups + 1];
        var data = new byte[BenchEntries.EntryBytes];
        long entries = 0;
        var startBytes = engine.LogBytes;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            engine.Commit(BenchEntries.Batch(engine, groups, perBatch, lastIndex, data));
            entries += perBatch;
        }

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        return (entries / elapsed, (engine.LogBytes - startBytes) / elapsed / 1e6);
    }

    private static double FileStreamLimit(string directory, int perBatch, double seconds)
    {
        var path = Path.Combine(BenchEntries.Fresh(directory), "append.bin");
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var payload = new byte[perBatch * BenchEntries.EntryBytes];
        long entries = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            stream.Write(payload);
            stream.Flush(flushToDisk: true);
            entries += perBatch;
        }

        return entries / stopwatch.Elapsed.TotalSeconds;
    }
}
