using FASTER.core;

namespace EntityPlatform.Storage.Devices;

/// <summary>
/// A scan over a FasterLog range that survives FASTER's own read errors: when FASTER cannot frame a
/// region (an invalid length, an uninitialized page after a file was cut), the region is reported as one
/// error item and the scan resumes at the next page, so records after the damage (wipe records, other
/// groups) are still seen.
/// </summary>
internal sealed class FasterLogScan(FasterLog log, long fromAddress, long untilAddress, int pageSizeBits)
{
    private const int MaxErrorsPerScan = 1 << 16;

    public IEnumerable<DeviceRecord> Records()
    {
        var start = Math.Max(fromAddress, log.BeginAddress);
        var readUntil = start;
        var errors = 0;
        while (start < untilAddress)
        {
            using var iterator = log.Scan(start, untilAddress);
            while (true)
            {
                var item = Next(iterator, readUntil);
                if (item is null)
                {
                    yield break;
                }

                yield return item.Value;
                readUntil = item.Value.NextAddress;
                if (item.Value.Error is not null)
                {
                    Invariant.Assert(++errors <= MaxErrorsPerScan, "too many unreadable regions");
                    start = item.Value.NextAddress;
                    break;
                }
            }
        }
    }

    /// <summary>The next record, or an error item that starts where the last good record ended.</summary>
    private DeviceRecord? Next(FasterLogScanIterator iterator, long readUntil)
    {
        long current = iterator.NextAddress;
        try
        {
            if (!iterator.GetNext(out byte[] entry, out var length, out current, out var next))
            {
                return null;
            }

            return new DeviceRecord(current, next, entry, length, null);
        }
        catch (FasterException ex)
        {
            var failedAt = Math.Max(current, iterator.NextAddress);
            var nextPage = ((failedAt >> pageSizeBits) + 1) << pageSizeBits;
            return new DeviceRecord(readUntil, nextPage, [], 0, $"FASTER could not read the region up to {nextPage}: " + ex.Message);
        }
    }
}
