namespace EntityPlatform.Storage.Events;

/// <summary>Why a replica's event log starts where it does: what a reader asking for older events is told.</summary>
public enum EventLogStart
{
    /// <summary>Older events were trimmed by retention: no replica is obliged to have them (OUT_OF_RANGE).</summary>
    Retention,

    /// <summary>
    /// This replica was installed from a snapshot (or lost its unflushed tail): older events may still be on
    /// other replicas, so a reader should try another one.
    /// </summary>
    Snapshot,
}
