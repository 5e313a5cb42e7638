using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Bench;

/// <summary>Shared helpers: fresh directories, 128-byte entries spread over groups, percentiles.</summary>
internal static class BenchEntries
{
    public const int EntryBytes = 128;

    public static string Fresh(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    public static void Bootstrap(LogEngine engine, int groups)
    {
        var batch = engine.NewBatch();
        for (ulong g = 1; g <= (ulong)groups; g++)
        {
            batch.Bootstrap(g, ConfState.OfVoters(1, 2, 3));
        }

        engine.Commit(batch);
    }

    /// <summary>A batch of <paramref name="entries"/> entries, round-robin over the groups, plus each touched group's hard state.</summary>
    public static WriteBatch Batch(LogEngine engine, int groups, int entries, ulong[] lastIndex, byte[] data)
    {
        var batch = engine.NewBatch();
        var perGroup = Math.Max(1, entries / groups);
        var touched = Math.Min(groups, entries);
        // One entry array for all groups: Append copies the entries it is given, as it does a Ready's.
        var run = new Entry[perGroup];
        for (var k = 0; k < touched; k++)
        {
            var g = (int)((lastIndex[0]++ % (ulong)groups) + 1);
            for (var i = 0; i < perGroup; i++)
            {
                run[i] = new Entry(1, lastIndex[g] + 1 + (ulong)i, EntryType.Normal, data);
            }

            lastIndex[g] += (ulong)perGroup;
            batch.Append((ulong)g, run);
            batch.SetHardState((ulong)g, new HardState(1, 1, lastIndex[g]));
        }

        return batch;
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p / 100 * sorted.Count))];
}
