namespace EntityPlatform.Storage.Devices;

/// <summary>
/// The byte-level log under the engine: an append-only sequence of records with addresses, one commit
/// call that makes everything appended so far durable together with a small cookie, head truncation, and
/// a scan. The engine and recovery see only this, so the same code runs on FASTER and on the seeded fake.
/// Contract: after a crash, <see cref="Scan"/> returns at least every record of the last completed
/// <see cref="Commit"/> and <see cref="RecoveredCookie"/> is that commit's cookie. It may return more
/// (records written after it, possibly a torn last one): recovery tells them apart by the cookie.
/// Not thread-safe: one caller (the scheduler loop).
/// </summary>
public interface ILogDevice : IDisposable
{
    /// <summary>Address of the first retained record.</summary>
    long BeginAddress { get; }

    /// <summary>Address the next appended record gets.</summary>
    long TailAddress { get; }

    /// <summary>The cookie of the last durable commit, empty for a new log.</summary>
    ReadOnlyMemory<byte> RecoveredCookie { get; }

    /// <summary>Largest record accepted by <see cref="Append"/>.</summary>
    int MaxRecordBytes { get; }

    /// <summary>Appends a record (not yet durable) and returns its address.</summary>
    long Append(ReadOnlySpan<byte> record);

    /// <summary>Makes every appended record, the head truncation and <paramref name="cookie"/> durable: one fsync.</summary>
    void Commit(ReadOnlySpan<byte> cookie);

    /// <summary>
    /// Records from <paramref name="fromAddress"/> to the end of what the device holds, in address order.
    /// A region the device itself cannot frame comes back as one item with <see cref="DeviceRecord.Error"/> set.
    /// </summary>
    IEnumerable<DeviceRecord> Scan(long fromAddress);

    /// <summary>Drops the head before <paramref name="untilAddress"/> (a record's address); durable at the next commit.</summary>
    void TruncateHead(long untilAddress);

    /// <summary>Forgets everything from <paramref name="fromAddress"/> on (a torn or unacknowledged tail found by recovery).</summary>
    void DiscardTail(long fromAddress);

    /// <summary>
    /// Forgets every append and head truncation since the last <see cref="Commit"/>, as a crash would, so
    /// that a failed commit (a full disk) can be retried later without restarting: afterwards
    /// <see cref="Scan"/> and <see cref="RecoveredCookie"/> show exactly the last commit.
    /// </summary>
    void ResetToDurable();

    /// <summary>Names the file and offset of an address for error messages.</summary>
    string Describe(long address);
}
