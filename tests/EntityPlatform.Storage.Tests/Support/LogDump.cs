using System.Text;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>
/// A failure report of a FASTER store's files: the recovered cookie and, around each given address, the
/// device entries (chunks) with their addresses, pages, sizes, skipped bytes before them and the LSNs,
/// kinds and groups of their records. For a damage found after a crash, to diagnose it without rerunning.
/// </summary>
public static class LogDump
{
    private const int ChunksAround = 4;
    private const int MaxLines = 200;

    /// <summary>Opens the store's files read-only in spirit (a copy is safer: opening recovers) and describes them.</summary>
    public static string Describe(string directory, FasterLogDeviceOptions geometry, IReadOnlyCollection<long> around)
    {
        var text = new StringBuilder();
        var pageBytes = 1L << geometry.PageSizeBits;
        try
        {
            using var device = new FasterLogDevice(directory, geometry);
            text.AppendLine($"device: begin {device.BeginAddress}, tail {device.TailAddress}, page {pageBytes} bytes, " +
                            $"recovered cookie {Convert.ToHexString(device.RecoveredCookie.Span)} (LE: last LSN u64, batch u64, durable end i64, crc u32)");
            var chunks = device.Scan(device.BeginAddress).ToList();
            var shown = new SortedSet<int>();
            foreach (var address in around)
            {
                var at = chunks.FindLastIndex(c => c.Address <= address);
                for (var k = Math.Max(0, at - ChunksAround); k <= Math.Min(chunks.Count - 1, at + ChunksAround); k++)
                {
                    shown.Add(k);
                }
            }

            var lines = 0;
            foreach (var k in shown)
            {
                if (++lines > MaxLines)
                {
                    text.AppendLine("...");
                    break;
                }

                var chunk = chunks[k];
                var skipped = k > 0 ? chunk.Address - chunks[k - 1].NextAddress : 0;
                text.AppendLine($"  chunk {k}: {chunk.Address}..{chunk.NextAddress} page {chunk.Address / pageBytes} offset {chunk.Address % pageBytes}, " +
                                $"{chunk.Length} bytes{(skipped != 0 ? $", {skipped} bytes skipped before it" : "")}: {Records(chunk)}");
            }
        }
        catch (Exception ex)
        {
            text.AppendLine($"the store could not be described: {ex.GetType().Name}: {ex.Message}");
        }

        return text.ToString();
    }

    private static string Records(DeviceRecord chunk)
    {
        if (chunk.Error is not null)
        {
            return "ERROR " + chunk.Error;
        }

        var parts = new List<string>();
        var bytes = chunk.Bytes.Span;
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (!RecordDecoder.TryReadHeader(bytes[offset..], out var header, out var why))
            {
                parts.Add($"unframed at byte {offset}: {why}");
                break;
            }

            parts.Add($"LSN {header.Lsn} {header.Kind} g{header.GroupId}");
            offset += header.RecordBytes;
        }

        return string.Join(", ", parts);
    }
}
