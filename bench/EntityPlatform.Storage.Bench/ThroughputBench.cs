using System.Diagnostics;

namespace EntityPlatform.Storage.Bench;

/// <summary>
/// Durable entries/s of the engine against the physical limit measured in the same run: a FileStream
/// that appends the same entry bytes per batch and fsyncs once per batch. A third writer, the bare
/// FasterLog device, shows how much of the gap is FASTER's commit rather than the engine. The disk of a
/// shared machine changes speed from one second to the next, so the three run interleaved in short
/// slices (rotating which goes first) and each total is over all slices: all three see the same disk.
/// </summary>
internal static class ThroughputBench
{
    private const double SliceSeconds = 0.25;

    public static void Run(string directory, double seconds)
    {
        Console.WriteLine("| groups | entries/batch | engine entries/s | engine MB/s (log) | FileStream+fsync entries/s | engine / FileStream | FasterLog alone entries/s | FasterLog / FileStream | engine / FasterLog |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var groups in new[] { 1, 1000 })
        {
            foreach (var perBatch in new[] { 1000, 10_000 })
            {
                Compare(directory, groups, perBatch, seconds);
            }
        }
    }

    private static void Compare(string directory, int groups, int perBatch, double seconds)
    {
        using var engine = new EngineContender(Path.Combine(directory, "engine"), groups, perBatch);
        using var fileStream = new FileStreamContender(Path.Combine(directory, "raw"), perBatch);
        using var faster = new FasterLogContender(Path.Combine(directory, "faster"), perBatch);
        IThroughputContender[] contenders = [engine, fileStream, faster];
        var entries = new long[contenders.Length];
        var elapsed = new double[contenders.Length];
        var startBytes = engine.LogBytes;
        var rounds = Math.Max(1, (int)Math.Round(seconds / SliceSeconds));
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < contenders.Length; k++)
            {
                var which = (round + k) % contenders.Length;
                var stopwatch = Stopwatch.StartNew();
                while (stopwatch.Elapsed.TotalSeconds < SliceSeconds)
                {
                    entries[which] += contenders[which].Step();
                }

                elapsed[which] += stopwatch.Elapsed.TotalSeconds;
            }
        }

        var rate = new double[contenders.Length];
        for (var k = 0; k < contenders.Length; k++)
        {
            rate[k] = entries[k] / elapsed[k];
        }

        var megabytes = (engine.LogBytes - startBytes) / elapsed[0] / 1e6;
        Console.WriteLine($"| {groups} | {perBatch} | {rate[0]:F0} | {megabytes:F1} | {rate[1]:F0} | {rate[0] / rate[1]:P0} | {rate[2]:F0} | {rate[2] / rate[1]:P0} | {rate[0] / rate[2]:P0} |");
    }
}
