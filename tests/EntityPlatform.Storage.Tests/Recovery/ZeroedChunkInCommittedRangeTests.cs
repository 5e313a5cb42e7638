using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Recovery;

/// <summary>
/// FASTER's scan takes a zero length word in mid-page for end-of-page padding and silently jumps to the next
/// page. So committed chunks that read back as zeros (lost by the disk after the commit) are invisible to the
/// device: only the LSN sequence shows them. They must be damage, never a silently shorter log, and the
/// report must say where: the chunks on both sides, the bytes the device skipped, the last commit.
/// </summary>
public sealed class ZeroedChunkInCommittedRangeTests
{
    private static readonly FasterLogDeviceOptions Geometry = new()
    {
        PageSizeBits = 16,
        MemorySizeBits = 19,
        SegmentSizeBits = 18,
        MaxRecordBytes = 16 << 10,
    };

    private static readonly LogEngineOptions Options = new() { MaxEntryBytes = 8 << 10, ChunkBytes = 4 << 10, RelocateBudgetBytes = 64 << 10 };

    [Fact]
    public void Committed_chunks_that_read_back_as_zeros_are_damage_naming_the_skipped_bytes()
    {
        using var dir = new TempDirectory();
        var workload = new OneGroupWorkload();
        using (var engine = LogEngine.Open(dir.Path, Options, Geometry))
        {
            for (var k = 0; k < 30; k++)
            {
                workload.Commit(engine, 3, 1_000);
            }
        }

        // A chunk in the middle of the first page: from it to the page end the device will see nothing.
        List<DeviceRecord> chunks;
        using (var device = new FasterLogDevice(dir.Path, Geometry))
        {
            chunks = device.Scan(device.BeginAddress).ToList();
        }

        var victim = chunks.FindIndex(c => c.Address > (1L << Geometry.PageSizeBits) / 2);
        Assert.True(victim > 0 && chunks[victim].Address < 1L << Geometry.PageSizeBits, "no chunk in the second half of the first page");
        var zeroed = chunks[victim];
        SegmentFiles.Zero(dir.Path, Geometry, zeroed.Address, zeroed.NextAddress);

        using var reopened = LogEngine.Open(dir.Path, Options, Geometry);
        var gap = reopened.Recovery.Damage.FirstOrDefault(d => d.Detail.StartsWith("records with LSN", StringComparison.Ordinal));
        Assert.True(gap is not null, $"no LSN gap reported: {reopened.Recovery}; damage: {string.Join("; ", reopened.Recovery.Damage)}");
        var before = chunks[victim - 1];
        var skipped = (1L << Geometry.PageSizeBits) - before.NextAddress;
        Assert.Contains($"the chunk before it is at {before.Address}..{before.NextAddress} and the device skipped the {skipped} bytes between them", gap.Detail);
        Assert.Contains("last commit: LSN", gap.Detail);
        Assert.NotNull(reopened.StoreDamage);
        Assert.Throws<StorageCorruptionException>(() => reopened.Group(OneGroupWorkload.GroupId));
    }
}
