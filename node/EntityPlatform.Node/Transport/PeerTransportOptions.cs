using EntityPlatform.Contracts.Wire;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Limits of the client side of the peer transport. Every queue, batch, chunk and wait is bounded here.
/// <see cref="Validate"/> runs in the transport's constructor, so a bad value fails at startup, naming the option.
/// </summary>
public sealed class PeerTransportOptions
{
    /// <summary>Messages waiting per peer; when full the oldest is dropped (newer Raft messages supersede older ones).</summary>
    public int OutboundQueueCapacity { get; init; } = 4096;

    /// <summary>At most this many messages in one RaftBatch frame.</summary>
    public int MaxBatchMessages { get; init; } = 512;

    /// <summary>A batch stops growing at this many encoded bytes (one larger message still goes alone).</summary>
    public int MaxBatchBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The largest single frame sent; a message larger than this is dropped and counted. Keep it below the
    /// receiving server's MaxReceiveMessageSizeBytes (4 MiB by default), or the peer would reset the stream.
    /// </summary>
    public int MaxFrameBytes { get; init; } = (4 * 1024 * 1024) - (64 * 1024);

    /// <summary>First reconnect delay after a stream fails; doubles per failed attempt up to <see cref="ReconnectDelayMax"/>.</summary>
    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A frame write that takes longer than this (the peer stopped reading) fails the stream.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes per InstallSnapshot chunk.</summary>
    public int SnapshotChunkBytes { get; init; } = 1024 * 1024;

    /// <summary>Snapshots waiting to upload per peer; one more fails at once (reported through SnapshotSent).</summary>
    public int SnapshotQueueCapacity { get; init; } = 4;

    /// <summary>
    /// Deadline of one whole InstallSnapshot call. Generous: it bounds a transfer, not its size; a stalled
    /// one is dropped sooner by the receiver's idle timeout (SnapshotAssemblerOptions.IdleTimeout).
    /// </summary>
    public TimeSpan SnapshotTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Where snapshot bytes are read from when a MSG_SNAP is uploaded. The node sets the snapshot files of
    /// its store (the scheduler's MSG_SNAP carries metadata only); when null, the data a message carries
    /// is sent.
    /// </summary>
    public ISnapshotChunkSource? SnapshotSource { get; init; }

    /// <summary>Settings of the pooled channel per peer endpoint.</summary>
    public ChannelSettings Channel { get; init; } = ChannelSettings.Default;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        Require(OutboundQueueCapacity is >= 1 and <= 1 << 20, nameof(OutboundQueueCapacity), "1..1048576");
        Require(MaxBatchMessages is >= 1 and <= 1 << 16, nameof(MaxBatchMessages), "1..65536");
        Require(MaxFrameBytes >= 1024 && MaxFrameBytes <= Channel.MaxMessageBytes, nameof(MaxFrameBytes), $"1024..Channel.MaxMessageBytes ({Channel.MaxMessageBytes})");
        Require(MaxBatchBytes >= 1 && MaxBatchBytes <= MaxFrameBytes, nameof(MaxBatchBytes), $"1..MaxFrameBytes ({MaxFrameBytes})");
        Require(ReconnectDelayMin > TimeSpan.Zero && ReconnectDelayMin <= ReconnectDelayMax, nameof(ReconnectDelayMin), "> 0 and <= ReconnectDelayMax");
        Require(ReconnectDelayMax <= TimeSpan.FromMinutes(1), nameof(ReconnectDelayMax), "<= 1 minute");
        Require(WriteTimeout > TimeSpan.Zero, nameof(WriteTimeout), "> 0");
        // A chunk carries metadata besides its bytes, so leave room under the frame limit.
        Require(SnapshotChunkBytes >= 1024 && SnapshotChunkBytes <= MaxFrameBytes - (64 * 1024), nameof(SnapshotChunkBytes), "1024..MaxFrameBytes - 64 KiB");
        Require(SnapshotQueueCapacity is >= 1 and <= 64, nameof(SnapshotQueueCapacity), "1..64");
        Require(SnapshotTimeout > TimeSpan.Zero, nameof(SnapshotTimeout), "> 0");
    }

    private static void Require(bool condition, string option, string expected)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, $"PeerTransportOptions.{option} must be {expected}.");
        }
    }
}
