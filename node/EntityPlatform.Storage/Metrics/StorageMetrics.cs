using System.Diagnostics.Metrics;

namespace EntityPlatform.Storage.Metrics;

/// <summary>
/// What the log engine of one node reports: its size on disk, compaction passes and their cost, and
/// writes refused because the disk was full. The engine (one loop thread) publishes plain fields, read
/// with Interlocked, so tests and the admin API read them directly; the same values are observable
/// instruments on the Meter "EntityPlatform.Storage" for /metrics exporters (the transport's pattern).
/// </summary>
public sealed class StorageMetrics : IDisposable
{
    public const string MeterName = "EntityPlatform.Storage";

    private readonly Meter meter = new(MeterName);
    private long logBytes;
    private long compactions;
    private long relocatedBytes;
    private long diskFullRefusals;

    public StorageMetrics()
    {
        meter.CreateObservableGauge("entityplatform.storage.log_bytes", () => LogBytes, unit: "By",
            description: "Bytes between the log head and tail (live or not): what the segment files hold.");
        Observe("compactions", () => Compactions);
        Observe("compaction_relocated_bytes", () => RelocatedBytes);
        Observe("disk_full_refusals", () => DiskFullRefusals);
    }

    /// <summary>Bytes between the log head and tail after the last commit or compaction.</summary>
    public long LogBytes => Interlocked.Read(ref logBytes);

    /// <summary>Compaction passes that relocated a group or moved the head.</summary>
    public long Compactions => Interlocked.Read(ref compactions);

    /// <summary>Live bytes rewritten at the tail by compaction (its write amplification).</summary>
    public long RelocatedBytes => Interlocked.Read(ref relocatedBytes);

    /// <summary>Batches, compaction passes or wipes refused because the device was full.</summary>
    public long DiskFullRefusals => Interlocked.Read(ref diskFullRefusals);

    public void Dispose() => meter.Dispose();

    internal void PublishLogBytes(long bytes) => Interlocked.Exchange(ref logBytes, bytes);

    internal void Compacted(long relocated)
    {
        Interlocked.Increment(ref compactions);
        Interlocked.Add(ref relocatedBytes, relocated);
    }

    internal void RefusedDiskFull() => Interlocked.Increment(ref diskFullRefusals);

    private void Observe(string name, Func<long> read) => meter.CreateObservableCounter("entityplatform.storage." + name, read);
}
