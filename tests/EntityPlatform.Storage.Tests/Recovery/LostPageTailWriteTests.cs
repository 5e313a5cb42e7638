using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;
using Xunit.Abstractions;

namespace EntityPlatform.Storage.Tests.Recovery;

/// <summary>
/// The crash that CrashProcessTests hit once (kill 188, "records with LSN 33270..33270 are missing", the
/// record at the end of a page), made deterministic. FASTER flushes a commit's range page by page, and the
/// write of a new page starts at once while the write of the previous page's tail may still be pending, so
/// a kill can leave the next page (with the commit's later chunks) on disk and the previous page's tail not.
/// That commit never returned (its flush never completed), so the only correct recovery is the commit
/// before it, whole. The test builds exactly that file state: batch N ends at T inside page P, batch N+1
/// runs from T into page P+1; then bytes [T, end of P) are zeroed (the lost write) and the commit slots
/// put back as they were after batch N (the metadata write of N+1 never happened either).
/// </summary>
public sealed class LostPageTailWriteTests(ITestOutputHelper output)
{
    private static readonly FasterLogDeviceOptions Geometry = new()
    {
        PageSizeBits = 16,
        MemorySizeBits = 19,
        SegmentSizeBits = 18,
        MaxRecordBytes = 16 << 10,
    };

    private static readonly LogEngineOptions Options = new() { MaxEntryBytes = 8 << 10, ChunkBytes = 4 << 10, RelocateBudgetBytes = 64 << 10 };

    private const long PageBytes = 1L << 16;

    [Fact]
    public void A_commit_whose_earlier_page_tail_never_reached_the_file_is_not_recovered_and_nothing_acknowledged_is_lost()
    {
        const int seeds = 24;
        var lostData = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            lostData += RunOne(seed) ? 1 : 0;
        }

        output.WriteLine($"{lostData} of {seeds} seeds lost chunks of the unacknowledged batch with the page tail");
        Assert.True(lostData >= seeds / 2, $"only {lostData} of {seeds} seeds put part of batch N+1 on page P: the test tests too little");
    }

    /// <summary>One crash; true when the lost page tail held chunks of batch N+1 (not only padding).</summary>
    private bool RunOne(int seed)
    {
        var random = new Random(seed);
        var workload = new OneGroupWorkload();
        using var dir = new TempDirectory();
        var slotsPath = Path.Combine(dir.Path, SlotLogCommitManager.FileName);

        // Batches until one ends in the last few KiB of a page (not at its start).
        var window = random.Next(512, 12 << 10);
        var device = new FasterLogDevice(dir.Path, Geometry); // the engine disposes it
        using (var engine = LogEngine.Open(device, Options))
        {
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < 2_000, $"seed {seed}: no batch ended in the last {window} bytes of a page");
                workload.Commit(engine, random.Next(1, 5), random.Next(16, 3_000));
                var offset = device.TailAddress % PageBytes;
                if (offset >= PageBytes - window && offset < PageBytes - 64)
                {
                    break;
                }
            }
        }

        var batchN = workload.Batches;
        var slotsAfterN = File.ReadAllBytes(slotsPath);
        long tail, pageEnd;
        device = new FasterLogDevice(dir.Path, Geometry);
        using (var engine = LogEngine.Open(device, Options))
        {
            workload.AssertState(engine, batchN, $"seed {seed}, clean reopen at batch {batchN}");
            tail = device.TailAddress;
            pageEnd = (tail / PageBytes + 1) * PageBytes;
            var bytes = (int)(pageEnd - tail) + random.Next(1, 8 << 10);
            var dataBytes = random.Next(200, 3_000);
            workload.Commit(engine, bytes / dataBytes + 1, dataBytes);
            Assert.True(device.TailAddress > pageEnd, $"seed {seed}: batch {batchN + 1} ends at {device.TailAddress}, not past the page end {pageEnd}");
        }

        // The crash: page P+1 reached the file, page P's tail from T on did not, nor did N+1's commit metadata.
        var lost = SegmentFiles.Read(dir.Path, Geometry, tail, pageEnd);
        var heldData = lost.AsSpan().IndexOfAnyExcept((byte)0) >= 0;
        SegmentFiles.Zero(dir.Path, Geometry, tail, pageEnd);
        File.WriteAllBytes(slotsPath, slotsAfterN);
        workload.ForgetLast();
        var where = $"seed {seed}: batch {batchN} ended at {tail} (page {tail / PageBytes} offset {tail % PageBytes}), " +
                    $"bytes [{tail}, {pageEnd}) of batch {batchN + 1} lost ({(heldData ? "held chunks" : "padding only")})";

        using (var engine = LogEngine.Open(dir.Path, Options, Geometry))
        {
            if (!heldData && engine.DurableBatchSeq == batchN + 1)
            {
                // Nothing of N+1 was in the lost range, so the whole of it did reach the file: legal to keep it,
                // but this workload forgot it, so there is nothing more to compare.
                Assert.Empty(engine.Recovery.Damage);
                return false;
            }

            workload.AssertState(engine, batchN, where);

            // Writing on from the recovered end must leave no trace of the lost batch (no stale chunk or commit
            // record of it may be picked up by a later recovery).
            for (var k = 0; k < 3; k++)
            {
                workload.Commit(engine, random.Next(1, 5), random.Next(16, 3_000));
            }
        }

        using (var engine = LogEngine.Open(dir.Path, Options, Geometry))
        {
            workload.AssertState(engine, batchN + 3, where + ", then 3 more batches and a reopen");
        }

        return heldData;
    }
}
