using System.Buffers.Binary;
using System.Diagnostics;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Recovery;

/// <summary>
/// Rebuilds every group from the device on open. Rules, with E = the durable end address stored in the
/// last commit's cookie:
/// 1. Any chunk at or past E was never acknowledged (a torn or unsynced tail): it is discarded whole,
///    with everything after it.
/// 2. Before E every record must be framed, checksummed and carry the next LSN. A record whose payload is
///    damaged but whose header check holds is pinned on its group; a header that cannot be trusted loses
///    the framing of the rest of its chunk, and that, a missing LSN range or an unreadable region is
///    pinned on no group (see <see cref="DamageLedger"/>).
/// 3. Records are applied a batch at a time, when the batch's BatchEnd record is read; a batch without
///    its BatchEnd before E is damage and none of it is applied. Batch numbers must follow each other.
/// 4. The LSNs and batch numbers must reach the cookie's, or the end of the log was lost.
/// </summary>
internal sealed class LogRecovery(ILogDevice device, GroupTable table, DamageLedger ledger)
{
    private readonly PendingBatch pending = new();
    private ulong? expectedLsn;
    private ulong lastLsn;
    private ulong? lastBatchSeq;
    private bool resync;
    private long records;

    // The chunk being read and the one before it, so that a gap in the LSNs names both and shows whether the
    // device skipped bytes between them (FASTER skips what it takes for end-of-page padding).
    private DeviceRecord? previousChunk;
    private DeviceRecord currentChunk;

    public (CommitCookie Cookie, RecoveryReport Report) Run()
    {
        var stopwatch = Stopwatch.StartNew();
        var cookie = CommitCookie.Decode(device.RecoveredCookie.Span, device.Describe(device.BeginAddress) + " (commit metadata)");
        long discardFrom = -1;
        string? discardReason = null;
        foreach (var item in device.Scan(device.BeginAddress))
        {
            if (item.Address >= cookie.DurableEndAddress)
            {
                discardFrom = item.Address;
                discardReason = item.Error ?? "chunks after the last commit, never acknowledged (a torn chunk is dropped whole)";
                break;
            }

            Visit(item, cookie);
        }

        Finish(cookie);
        if (discardFrom >= 0)
        {
            device.DiscardTail(discardFrom);
        }

        long entries = 0;
        foreach (var group in table.Groups)
        {
            entries += group.EntryCount;
        }

        var report = new RecoveryReport(table.Count, records, entries, Math.Max(lastLsn, cookie.LastLsn), cookie.BatchSeq,
            cookie.DurableEndAddress, discardFrom, discardReason, ledger.All.ToArray(), stopwatch.Elapsed.TotalMilliseconds);
        return (cookie with { LastLsn = Math.Max(lastLsn, cookie.LastLsn) }, report);
    }

    private void Finish(CommitCookie cookie)
    {
        var end = cookie.DurableEndAddress;
        if (pending.Count > 0)
        {
            Damaged(pending.FirstAddress, null, $"the last batch before the durable end has no BatchEnd record: its {pending.Count} records were not applied");
            pending.Clear();
        }

        if (lastLsn < cookie.LastLsn)
        {
            Damaged(end, null, $"the log ends at LSN {lastLsn} but the last commit covers LSN {cookie.LastLsn}: committed records are missing");
        }
        else if (cookie.BatchSeq != 0 && lastBatchSeq != cookie.BatchSeq)
        {
            Damaged(end, null, $"the log's last whole batch is {lastBatchSeq?.ToString() ?? "none"} but the last commit is batch {cookie.BatchSeq}");
        }
    }

    /// <summary>Reads every record of one chunk.</summary>
    private void Visit(DeviceRecord item, CommitCookie cookie)
    {
        if (currentChunk.Buffer is not null)
        {
            previousChunk = currentChunk;
        }

        currentChunk = item;
        if (item.Error is not null)
        {
            Damaged(item.Address, null, item.Error);
            resync = true;
            return;
        }

        var chunk = item.Bytes;
        var offset = 0;
        while (offset < chunk.Length)
        {
            if (!RecordDecoder.TryReadHeader(chunk.Span[offset..], out var header, out var why))
            {
                // The rest of the chunk cannot be framed: whose records were there is unknown.
                Damaged(item.Address, null, $"record at byte {offset} of the chunk: {why}");
                resync = true;
                return;
            }

            var record = chunk.Slice(offset, header.RecordBytes);
            VisitRecord(item.Address, offset, header, record, cookie);
            offset += header.RecordBytes;
        }
    }

    private void VisitRecord(long address, int offset, RecordHeader header, ReadOnlyMemory<byte> record, CommitCookie cookie)
    {
        if (header.Lsn > cookie.LastLsn)
        {
            Damaged(address, null, $"record at byte {offset}: LSN {header.Lsn} is past the last committed LSN {cookie.LastLsn}");
            return;
        }

        if (expectedLsn is { } expected && header.Lsn != expected && !resync)
        {
            Damaged(address, null, (header.Lsn > expected
                ? $"records with LSN {expected}..{header.Lsn - 1} are missing"
                : $"LSN went back from {expected - 1} to {header.Lsn}") + DescribeGap(offset, cookie));
        }

        resync = false;
        expectedLsn = header.Lsn + 1;
        lastLsn = Math.Max(lastLsn, header.Lsn);
        records++;
        if (!RecordDecoder.TryVerify(record.Span, out var why))
        {
            // The header check held, so the group id is trustworthy: the damage is that group's alone
            // (a damaged BatchEnd belongs to no group).
            Damaged(address, header.Kind == RecordKind.BatchEnd ? null : header.GroupId, $"record at byte {offset} (LSN {header.Lsn}, {header.Kind}): {why}");
            if (header.Kind == RecordKind.BatchEnd)
            {
                ApplyPending();
            }

            return;
        }

        var payload = record[RecordLayout.HeaderBytes..];
        if (header.Kind == RecordKind.BatchEnd)
        {
            EndBatch(address, payload.Span);
            return;
        }

        pending.Add(header, payload, address);
    }

    /// <summary>Where an LSN gap lies: the chunks on both sides, the bytes skipped between them, the cookie.</summary>
    private string DescribeGap(int offset, CommitCookie cookie)
    {
        var here = $" (record at byte {offset} of the chunk at {currentChunk.Address}..{currentChunk.NextAddress}";
        if (offset == 0 && previousChunk is { } previous)
        {
            var skipped = currentChunk.Address - previous.NextAddress;
            here += $"; the chunk before it is at {previous.Address}..{previous.NextAddress}" +
                    (skipped > 0 ? $" and the device skipped the {skipped} bytes between them" : "");
        }

        return here + $"; last commit: LSN {cookie.LastLsn}, batch {cookie.BatchSeq}, durable end {cookie.DurableEndAddress})";
    }

    private void EndBatch(long address, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            Damaged(address, null, $"BatchEnd record with {payload.Length} payload bytes");
        }
        else
        {
            var batchSeq = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            if (lastBatchSeq is { } last && batchSeq != last + 1)
            {
                Damaged(address, null, $"batch {batchSeq} follows batch {last}: batches are missing or repeated");
            }

            lastBatchSeq = batchSeq;
        }

        ApplyPending();
    }

    private void ApplyPending()
    {
        foreach (var (header, payload, address) in pending.Records)
        {
            Apply(header, payload, address);
        }

        pending.Clear();
    }

    private void Apply(RecordHeader header, ReadOnlyMemory<byte> payload, long address)
    {
        string? error;
        try
        {
            error = table.Apply(header, payload, address);
        }
        catch (FormatException ex)
        {
            error = "malformed payload: " + ex.Message;
        }

        if (header.Kind == RecordKind.GroupWiped)
        {
            ledger.Wiped(header.GroupId);
        }

        if (error is not null)
        {
            Damaged(address, header.GroupId, $"LSN {header.Lsn} ({header.Kind}): {error}");
        }
    }

    private void Damaged(long address, ulong? groupId, string detail) =>
        ledger.Add(new Damage(address, device.Describe(address), groupId, detail));
}
