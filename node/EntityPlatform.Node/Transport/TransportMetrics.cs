using System.Diagnostics.Metrics;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Counters of one node's peer transport, both directions. Plain fields updated with Interlocked so tests
/// and the admin API read them directly; the same values are published as observable counters on the
/// Meter "EntityPlatform.Transport" for /metrics exporters.
/// </summary>
public sealed class TransportMetrics : IDisposable
{
    public const string MeterName = "EntityPlatform.Transport";

    private readonly Meter _meter = new(MeterName);
    private long _batchesSent;
    private long _messagesSent;
    private long _batchesReceived;
    private long _messagesReceived;
    private long _messagesDroppedQueueFull;
    private long _messagesDroppedOversize;
    private long _messagesDroppedStreamFailed;
    private long _messagesDroppedInvalid;
    private long _batchesDroppedInboxFull;
    private long _reconnects;
    private long _connectFailures;
    private long _snapshotsSent;
    private long _snapshotsFailed;
    private long _snapshotsReceived;
    private long _snapshotBytesSent;
    private long _framesRefusedForgedSender;

    public TransportMetrics()
    {
        Observe("batches_sent", () => BatchesSent);
        Observe("messages_sent", () => MessagesSent);
        Observe("batches_received", () => BatchesReceived);
        Observe("messages_received", () => MessagesReceived);
        Observe("messages_dropped_queue_full", () => MessagesDroppedQueueFull);
        Observe("messages_dropped_oversize", () => MessagesDroppedOversize);
        Observe("messages_dropped_stream_failed", () => MessagesDroppedStreamFailed);
        Observe("messages_dropped_invalid", () => MessagesDroppedInvalid);
        Observe("batches_dropped_inbox_full", () => BatchesDroppedInboxFull);
        Observe("reconnects", () => Reconnects);
        Observe("connect_failures", () => ConnectFailures);
        Observe("snapshots_sent", () => SnapshotsSent);
        Observe("snapshots_failed", () => SnapshotsFailed);
        Observe("snapshots_received", () => SnapshotsReceived);
        Observe("snapshot_bytes_sent", () => SnapshotBytesSent);
        Observe("frames_refused_forged_sender", () => FramesRefusedForgedSender);
    }

    public long BatchesSent => Interlocked.Read(ref _batchesSent);
    public long MessagesSent => Interlocked.Read(ref _messagesSent);
    public long BatchesReceived => Interlocked.Read(ref _batchesReceived);
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>Outbound messages dropped because a peer's queue was full (the oldest go first).</summary>
    public long MessagesDroppedQueueFull => Interlocked.Read(ref _messagesDroppedQueueFull);

    /// <summary>Outbound messages larger than the frame limit.</summary>
    public long MessagesDroppedOversize => Interlocked.Read(ref _messagesDroppedOversize);

    /// <summary>Outbound messages in a frame whose write failed.</summary>
    public long MessagesDroppedStreamFailed => Interlocked.Read(ref _messagesDroppedStreamFailed);

    /// <summary>Inbound messages that failed validation (or a MSG_SNAP whose data never arrived).</summary>
    public long MessagesDroppedInvalid => Interlocked.Read(ref _messagesDroppedInvalid);

    /// <summary>Inbound batches the scheduler's inbox refused (overload).</summary>
    public long BatchesDroppedInboxFull => Interlocked.Read(ref _batchesDroppedInboxFull);

    /// <summary>Raft streams opened again after one failed.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);
    /// <summary>Snapshots whose data was uploaded and whose MSG_SNAP was written to the Raft stream.</summary>
    public long SnapshotsSent => Interlocked.Read(ref _snapshotsSent);
    public long SnapshotsFailed => Interlocked.Read(ref _snapshotsFailed);
    public long SnapshotsReceived => Interlocked.Read(ref _snapshotsReceived);
    /// <summary>Snapshot bytes accepted by peers through InstallSnapshot.</summary>
    public long SnapshotBytesSent => Interlocked.Read(ref _snapshotBytesSent);

    /// <summary>
    /// Inbound Raft batches or snapshot chunks whose declared sender (from_node, from) is not the node its TLS
    /// certificate names: a forgery or a misconfigured peer. Each one ends its call with PERMISSION_DENIED.
    /// </summary>
    public long FramesRefusedForgedSender => Interlocked.Read(ref _framesRefusedForgedSender);

    public void Dispose() => _meter.Dispose();

    internal void BatchSent(int messages)
    {
        Interlocked.Increment(ref _batchesSent);
        Interlocked.Add(ref _messagesSent, messages);
    }

    internal void BatchReceived(int messages)
    {
        Interlocked.Increment(ref _batchesReceived);
        Interlocked.Add(ref _messagesReceived, messages);
    }

    internal void DroppedQueueFull() => Interlocked.Increment(ref _messagesDroppedQueueFull);
    internal void DroppedOversize() => Interlocked.Increment(ref _messagesDroppedOversize);
    internal void DroppedStreamFailed(int messages) => Interlocked.Add(ref _messagesDroppedStreamFailed, messages);
    internal void DroppedInvalid() => Interlocked.Increment(ref _messagesDroppedInvalid);
    internal void DroppedInboxFull() => Interlocked.Increment(ref _batchesDroppedInboxFull);
    internal void Reconnected() => Interlocked.Increment(ref _reconnects);
    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);
    internal void SnapshotSent() => Interlocked.Increment(ref _snapshotsSent);
    internal void AddSnapshotBytesSent(long bytes) => Interlocked.Add(ref _snapshotBytesSent, bytes);

    internal void RefusedForgedSender() => Interlocked.Increment(ref _framesRefusedForgedSender);

    internal void SnapshotFailed() => Interlocked.Increment(ref _snapshotsFailed);
    internal void SnapshotReceived() => Interlocked.Increment(ref _snapshotsReceived);

    private void Observe(string name, Func<long> read) => _meter.CreateObservableCounter("entityplatform.transport." + name, read);
}
