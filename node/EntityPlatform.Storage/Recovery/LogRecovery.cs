using System.Diagnostics;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Recovery;

/// <summary>
/// Rebuilds every group from the device on open. Rules, with E = the durable end address stored in the
/// last commit's cookie:
/// 1. Anything at or past E was never acknowledged (a torn or unsynced tail): it is discarded.
/// 2. Before E every record must be whole, checksummed and carry the next LSN. A damaged record is pinned
///    on its group when its group id still matches its own check, else on no group; a missing LSN range or
///    an unreadable region is pinned on no group (see <see cref="DamageLedger"/>).
/// 3. The LSNs must reach the cookie's last LSN, or the end of the log was lost.
/// </summary>
internal sealed class LogRecovery(ILogDevice device, GroupTable table, DamageLedger ledger)
{
    private ulong? expectedLsn;
    private ulong lastLsn;
    private bool resync;
    private long records;

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
                discardReason = item.Error ?? (RecordDecoder.TryDecode(item.Bytes.Span, out _, out var why)
                    ? "records after the last commit, never acknowledged" : "torn record after the last commit: " + why);
                break;
            }

            Visit(item, cookie);
        }

        if (lastLsn < cookie.LastLsn)
        {
            ledger.Add(new Damage(cookie.DurableEndAddress, device.Describe(cookie.DurableEndAddress), null,
                $"the log ends at LSN {lastLsn} but the last commit covers LSN {cookie.LastLsn}: committed records are missing"));
        }

        if (discardFrom >= 0)
        {
            device.DiscardTail(discardFrom);
        }

        var entries = table.Groups.Sum(g => (long)g.EntryCount);
        var report = new RecoveryReport(table.Count, records, entries, Math.Max(lastLsn, cookie.LastLsn), cookie.BatchSeq,
            discardFrom, discardReason, ledger.All.ToArray(), stopwatch.Elapsed.TotalMilliseconds);
        return (cookie with { LastLsn = Math.Max(lastLsn, cookie.LastLsn) }, report);
    }

    private void Visit(DeviceRecord item, CommitCookie cookie)
    {
        var where = item.Address;
        if (item.Error is not null)
        {
            Damaged(where, null, item.Error);
            resync = true;
            return;
        }

        var bytes = item.Bytes;
        if (!RecordDecoder.TryDecode(bytes.Span, out var header, out var why))
        {
            Damaged(where, RecordDecoder.TryAttributeGroup(bytes.Span, out var groupId) ? groupId : null, why);
            expectedLsn++;
            return;
        }

        if (header.Lsn > cookie.LastLsn)
        {
            Damaged(where, null, $"record LSN {header.Lsn} is past the last committed LSN {cookie.LastLsn}");
            return;
        }

        if (expectedLsn is { } expected && header.Lsn != expected && !resync)
        {
            Damaged(where, null, header.Lsn > expected
                ? $"records with LSN {expected}..{header.Lsn - 1} are missing"
                : $"LSN went back from {expected - 1} to {header.Lsn}");
        }

        resync = false;
        expectedLsn = header.Lsn + 1;
        lastLsn = Math.Max(lastLsn, header.Lsn);
        records++;
        Apply(item, header);
    }

    private void Apply(DeviceRecord item, RecordHeader header)
    {
        string? error;
        try
        {
            error = table.Apply(header, item.Bytes[RecordLayout.HeaderBytes..], item.Address);
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
            Damaged(item.Address, header.GroupId, error);
        }
    }

    private void Damaged(long address, ulong? groupId, string detail) =>
        ledger.Add(new Damage(address, device.Describe(address), groupId, detail));
}
