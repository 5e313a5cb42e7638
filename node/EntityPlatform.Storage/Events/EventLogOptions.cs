namespace EntityPlatform.Storage.Events;

/// <summary>Sizes of one shard replica's event log (one small FasterLog per replica).</summary>
public sealed record EventLogOptions
{
    /// <summary>
    /// 1 MiB pages: a FasterLog record must fit in a page. One event record is smaller than the log entry
    /// that carried it (at most LogEngineOptions.MaxEntryBytes, 1 MiB - 256), so it always fits.
    /// </summary>
    public int PageSizeBits { get; init; } = 20;

    /// <summary>Two pages (2 MiB) in memory per replica; older pages are read back from the segment files.</summary>
    public int MemorySizeBits { get; init; } = 21;

    /// <summary>16 MiB segments: the granularity at which trimmed space is given back to the disk.</summary>
    public int SegmentSizeBits { get; init; } = 24;

    /// <summary>
    /// One in-memory index point per this many events: a reader seeks to the point at or before its offset
    /// and scans at most this many records; retention trims a whole interval at a time.
    /// </summary>
    public int IndexEveryEvents { get; init; } = 64;

    /// <summary>Index intervals one retention pass may trim: bounded work per tick.</summary>
    public int TrimStepsPerPass { get; init; } = 16;

    /// <summary>
    /// How often the loop commits a log that has new records (and at a snapshot and a graceful stop). A
    /// commit is a metadata write on top of the page writes; committing every tick cost four commits per
    /// replica per 10 ms tick under load. Readers do not wait for it (they read the uncommitted tail); a
    /// crash loses at most this much of the tail, which the replica re-appends when it replays its Raft log
    /// from the last snapshot (docs/events.md).
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest event record (entity id + payload + header): a whole log entry always fits.</summary>
    public int MaxRecordBytes { get; init; } = (1 << 20) - 128;
}
