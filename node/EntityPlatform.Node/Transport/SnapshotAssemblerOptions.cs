using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Node.Transport;

/// <summary>Limits of the receiving side of InstallSnapshot.</summary>
public sealed class SnapshotAssemblerOptions
{
    /// <summary>The largest snapshot accepted; a larger one ends the call with RESOURCE_EXHAUSTED. Received on disk, so not bounded by memory.</summary>
    public long MaxSnapshotBytes { get; init; } = 256L << 30;

    /// <summary>Transfers being received at once; one more is refused with RESOURCE_EXHAUSTED (the leader retries later).</summary>
    public int MaxConcurrentTransfers { get; init; } = 2;

    /// <summary>Received snapshots waiting for their MSG_SNAP; the oldest is evicted beyond this.</summary>
    public int MaxStagedSnapshots { get; init; } = 4;

    /// <summary>Bytes (on disk) held by staged snapshots; the oldest are evicted beyond this.</summary>
    public long MaxStagedBytes { get; init; } = 512L << 30;

    /// <summary>A staged snapshot whose MSG_SNAP has not come within this time is discarded.</summary>
    public TimeSpan StagedTimeToLive { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A transfer that receives no chunk for this long is dropped (DEADLINE_EXCEEDED) and its partial file deleted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a transfer checks the clock against <see cref="IdleTimeout"/>.</summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where transfers are received (one subdirectory per sending node), emptied at start. Put it on the
    /// same file system as <see cref="Store"/> so that taking a snapshot is a rename. Null: a new directory
    /// under the system temp folder.
    /// </summary>
    public string? StagingDirectory { get; init; }

    /// <summary>
    /// The node's snapshot store: a taken snapshot moves there and its MSG_SNAP goes on with metadata only
    /// (the scheduler reads the file). Null: the bytes are handed over inline (tests).
    /// </summary>
    public SnapshotStore? Store { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        Require(MaxSnapshotBytes >= 1, nameof(MaxSnapshotBytes), ">= 1");
        Require(MaxConcurrentTransfers is >= 1 and <= 64, nameof(MaxConcurrentTransfers), "1..64");
        Require(MaxStagedSnapshots is >= 1 and <= 64, nameof(MaxStagedSnapshots), "1..64");
        Require(MaxStagedBytes >= MaxSnapshotBytes, nameof(MaxStagedBytes), ">= MaxSnapshotBytes");
        Require(StagedTimeToLive > TimeSpan.Zero, nameof(StagedTimeToLive), "> 0");
        Require(IdleTimeout > TimeSpan.Zero, nameof(IdleTimeout), "> 0");
        Require(IdleCheckInterval > TimeSpan.Zero && IdleCheckInterval <= IdleTimeout, nameof(IdleCheckInterval), "> 0 and <= IdleTimeout");
    }

    private static void Require(bool condition, string option, string expected)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, $"SnapshotAssemblerOptions.{option} must be {expected}.");
        }
    }
}
