using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Engine;

/// <summary>
/// Issue 12: the segment files stay bounded while many times their size is written, when compaction runs
/// the way the node runs it (after each commit that moved snapshots forward, one <c>MaybeCompactLog</c>).
/// </summary>
public sealed class BoundedDiskTests
{
    private const int Groups = 12;
    private const ulong KeptAfterSnapshot = 20;
    private const int EntryBytes = 512;

    [Fact]
    public void Segment_files_stay_bounded_while_writing_forty_times_their_bound_with_a_lagging_group()
    {
        using var dir = new TempDirectory();
        var options = Stores.SmallEngine with { CompactAboveBytes = 1 << 20 };
        var lastIndex = new ulong[Groups + 1];
        long written = 0;
        long maxDiskBytes = 0;
        using (var engine = LogEngine.Open(dir.Path, options, Stores.SmallDevice))
        {
            Stores.Commit(engine, b =>
            {
                for (ulong g = 1; g <= Groups; g++)
                {
                    b.Bootstrap(g, ConfState.OfVoters(1));
                }
            });

            // Group 1 lags: a few entries, never a snapshot, so only relocation can unpin the head.
            Stores.Commit(engine, b => b.Append(1, Stores.Entries(1, 30, term: 1, dataBytes: EntryBytes, fill: 1)));
            lastIndex[1] = 30;
            for (var round = 0; written < 40L * 3 * options.CompactAboveBytes; round++)
            {
                Stores.Commit(engine, b =>
                {
                    for (ulong g = 2; g <= Groups; g++)
                    {
                        b.Append(g, Stores.Entries(lastIndex[g] + 1, 10, term: 1, dataBytes: EntryBytes, fill: (byte)g));
                        lastIndex[g] += 10;
                        b.SetHardState(g, new HardState(1, 1, lastIndex[g]));
                    }
                });
                written += (Groups - 1) * 10 * EntryBytes;
                if (round % 5 == 4)
                {
                    // The node's snapshot path: snapshot every busy group, keep a tail, then one bounded pass.
                    Stores.Commit(engine, b =>
                    {
                        for (ulong g = 2; g <= Groups; g++)
                        {
                            b.CreateSnapshot(g, lastIndex[g], ConfState.OfVoters(1));
                            b.Compact(g, lastIndex[g] - KeptAfterSnapshot);
                        }
                    });
                    engine.MaybeCompactLog();
                }

                maxDiskBytes = Math.Max(maxDiskBytes, SegmentBytes(dir.Path));
                Assert.Equal(engine.LogBytes, engine.Metrics.LogBytes);
            }

            Assert.True(engine.Metrics.Compactions > 0, "no compaction ran");
        }

        // Bound: the threshold, plus what a pass leaves (the newer half), plus a partly used segment at
        // each end. Without compaction the files would hold everything written (40 times this).
        var bound = 3L * options.CompactAboveBytes;
        Assert.True(maxDiskBytes <= bound, $"segment files reached {maxDiskBytes} bytes (bound {bound}) after writing {written}");

        using var reopened = LogEngine.Open(dir.Path, options, Stores.SmallDevice);
        var lagging = reopened.Group(1);
        Assert.Equal(Consensus.Log.StorageLookup.Ok, lagging.TryGetEntries(1, 31, ulong.MaxValue, out var lagged));
        Assert.Equal(Stores.Entries(1, 30, term: 1, dataBytes: EntryBytes, fill: 1), lagged);
        for (ulong g = 2; g <= Groups; g++)
        {
            var view = reopened.Group(g);
            Assert.Equal(lastIndex[g], view.LastIndex);
            Assert.Equal(Consensus.Log.StorageLookup.Ok, view.TryGetEntries(lastIndex[g], lastIndex[g] + 1, ulong.MaxValue, out var last));
            Assert.Equal(Stores.Entries(lastIndex[g] - 9, 10, term: 1, dataBytes: EntryBytes, fill: (byte)g)[^1], last[0]);
        }
    }

    private static long SegmentBytes(string directory)
    {
        long total = 0;
        foreach (var path in Directory.GetFiles(directory, "log.*"))
        {
            try
            {
                total += new FileInfo(path).Length;
            }
            catch (FileNotFoundException)
            {
                // FASTER deletes a freed segment in the background: gone between the listing and here.
            }
        }

        return total;
    }
}
