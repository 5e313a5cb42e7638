using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Devices;

/// <summary>
/// FasterLog lays records out in pages: a record never spans two pages; one that does not fit in the rest of
/// a page goes to the next page and the rest stays zero (padding the scan skips). These tests drive the
/// device with record sizes chosen against the page geometry, so records end exactly at a page end, start at a
/// page start, leave a remainder smaller than a header, or just miss fitting, and check that a scan after a
/// reopen, and after recovering a copy of the files taken the moment a commit returned (a crash right then),
/// returns exactly the committed records: every address, every byte, no gap, nothing extra.
/// </summary>
public sealed class PageBoundaryScanTests
{
    private static readonly FasterLogDeviceOptions Geometry = new()
    {
        PageSizeBits = 12,
        MemorySizeBits = 15,
        SegmentSizeBits = 16,
        MaxRecordBytes = 2048,
    };

    private const long PageBytes = 1L << 12;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Records_at_page_boundaries_are_all_recovered_from_a_copy_taken_at_each_commit(int seed)
    {
        var random = new Random(seed);
        using var dir = new TempDirectory();
        using var copies = new TempDirectory();
        var written = new List<(long Address, byte[] Bytes)>();
        var boundaries = new BoundaryCounts();
        var device = new FasterLogDevice(dir.Path, Geometry);
        try
        {
            var header = MeasureHeader(device, written);
            for (var commit = 1; commit <= 60; commit++)
            {
                var appends = random.Next(1, 6);
                for (var k = 0; k < appends; k++)
                {
                    var bytes = Record(random, NextLength(random, device.TailAddress, header), written.Count);
                    var address = device.Append(bytes);
                    boundaries.Count(address, device.TailAddress, header, bytes.Length);
                    written.Add((address, bytes));
                }

                var cookie = BitConverter.GetBytes((long)commit);
                device.Commit(cookie);
                boundaries.Committed();

                // A crash the moment the commit returned: whatever is in the files now must recover it whole.
                var copy = Path.Combine(copies.Path, $"c{commit}");
                SegmentFiles.CopyDirectory(dir.Path, copy);
                using var recovered = new FasterLogDevice(copy, Geometry);
                AssertScanEquals(written, cookie, recovered, $"seed {seed}, copy at commit {commit}");
            }

            device.Dispose();
            device = new FasterLogDevice(dir.Path, Geometry);
            AssertScanEquals(written, BitConverter.GetBytes(60L), device, $"seed {seed}, reopen");
        }
        finally
        {
            device.Dispose();
        }

        // The sizes were steered: each seed must really have produced the boundary cases named above.
        Assert.True(boundaries.EndsAtPageEnd > 0, $"seed {seed}: no record ended exactly at a page end ({boundaries})");
        Assert.True(boundaries.StartsAtPageStart > 0, $"seed {seed}: no record started at a page start ({boundaries})");
        Assert.True(boundaries.SkippedPadding > 0, $"seed {seed}: no record skipped to the next page ({boundaries})");
    }

    /// <summary>FasterLog's per-record header size, from the first append (which also starts the record list).</summary>
    private static int MeasureHeader(FasterLogDevice device, List<(long Address, byte[] Bytes)> written)
    {
        var first = Record(new Random(0), 40, 0);
        var address = device.Append(first);
        written.Add((address, first));
        var header = (int)(device.TailAddress - address) - 40;
        Assert.InRange(header, 4, 64);
        return header;
    }

    /// <summary>
    /// A record length aimed at the rest of the current page: exactly filling it, filling it but for a few
    /// bytes (less than a header, or a header and a little), one byte too large, or anything.
    /// </summary>
    private static int NextLength(Random random, long tail, int header)
    {
        var rest = (int)(PageBytes - (tail & (PageBytes - 1)));
        var max = Geometry.MaxRecordBytes;
        var length = random.Next(6) switch
        {
            0 => rest - header,
            1 => rest - header - 4 * random.Next(1, header / 4 + 1),
            2 => rest - header + 1,
            3 => rest - 2 * header - 4 * random.Next(0, 3),
            _ => random.Next(1, max + 1),
        };
        return length < 1 || length > max ? random.Next(1, 256) : length;
    }

    private static byte[] Record(Random random, int length, int number)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        BitConverter.TryWriteBytes(bytes, length >= 4 ? number : 0);
        return bytes;
    }

    private static void AssertScanEquals(List<(long Address, byte[] Bytes)> written, byte[] cookie, FasterLogDevice device, string where)
    {
        Assert.True(device.RecoveredCookie.Span.SequenceEqual(cookie), $"{where}: recovered cookie {Convert.ToHexString(device.RecoveredCookie.Span)}, expected {Convert.ToHexString(cookie)}");
        var scanned = device.Scan(device.BeginAddress).ToList();
        for (var i = 0; i < Math.Max(scanned.Count, written.Count); i++)
        {
            var expected = i < written.Count ? $"record {i} at {written[i].Address} ({written[i].Bytes.Length} bytes)" : "nothing";
            Assert.True(i < scanned.Count && i < written.Count, $"{where}: {scanned.Count} records scanned, {written.Count} written; at {i} expected {expected}");
            var item = scanned[i];
            Assert.True(item.Error is null, $"{where}: scan error at {item.Address}: {item.Error}");
            Assert.True(item.Address == written[i].Address && item.Bytes.Span.SequenceEqual(written[i].Bytes),
                $"{where}: record {i}: scanned {item.Length} bytes at {item.Address} (page {item.Address / PageBytes} offset {item.Address % PageBytes}), expected {expected}");
        }
    }

    private sealed class BoundaryCounts
    {
        public int EndsAtPageEnd { get; private set; }
        public int StartsAtPageStart { get; private set; }
        public int SkippedPadding { get; private set; }
        private long lastEnd = -1;

        public void Count(long address, long tail, int header, int length)
        {
            var end = address + header + ((length + 3) & ~3);
            EndsAtPageEnd += end % PageBytes == 0 ? 1 : 0;
            StartsAtPageStart += address % PageBytes == 0 ? 1 : 0;
            SkippedPadding += lastEnd >= 0 && address != lastEnd ? 1 : 0;
            lastEnd = end;
            Assert.True(tail >= end, $"tail {tail} before the end {end} of the record at {address}");
        }

        /// <summary>In fast-commit mode a commit record follows: the next append does not follow the last one.</summary>
        public void Committed() => lastEnd = -1;

        public override string ToString() => $"ends at page end {EndsAtPageEnd}, starts at page start {StartsAtPageStart}, skipped padding {SkippedPadding}";
    }
}
