using System.Diagnostics;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Bench;

/// <summary>Commit latency at a fixed batch rate: 100 groups, 100 entries of 128 bytes per batch.</summary>
internal static class LatencyBench
{
    public static void Run(string directory, int batchesPerSecond, double seconds)
    {
        const int groups = 100, perBatch = 100;
        using var engine = LogEngine.Open(BenchEntries.Fresh(directory));
        BenchEntries.Bootstrap(engine, groups);
        var lastIndex = new ulong[groups + 1];
        var data = new byte[BenchEntries.EntryBytes];
        var latenciesMs = new List<double>();
        var interval = TimeSpan.FromSeconds(1.0 / batchesPerSecond);
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            while (clock.Elapsed < next)
            {
                Thread.Sleep(0);
            }

            next += interval;
            var batch = BenchEntries.Batch(engine, groups, perBatch, lastIndex, data);
            var started = clock.Elapsed;
            engine.Commit(batch);
            latenciesMs.Add((clock.Elapsed - started).TotalMilliseconds);
        }

        latenciesMs.Sort();
        var achieved = latenciesMs.Count / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"| {batchesPerSecond} target | {achieved:F0} achieved | {perBatch} entries over {groups} groups | " +
                          $"p50 {BenchEntries.Percentile(latenciesMs, 50):F2} ms | p99 {BenchEntries.Percentile(latenciesMs, 99):F2} ms | " +
                          $"max {latenciesMs[^1]:F2} ms |");
    }
}
