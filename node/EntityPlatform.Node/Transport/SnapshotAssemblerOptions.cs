namespace EntityPlatform.Node.Transport;

/// <summary>Limits of the receiving side of InstallSnapshot.</summary>
public sealed class SnapshotAssemblerOptions
{
    /// <summary>The largest snapshot accepted; a larger one ends the call with RESOURCE_EXHAUSTED.</summary>
    public long MaxSnapshotBytes { get; init; } = 1L << 30;

    /// <summary>Transfers being received at once; one more is refused with RESOURCE_EXHAUSTED (the leader retries later).</summary>
    public int MaxConcurrentTransfers { get; init; } = 2;

    /// <summary>Received snapshots waiting for their MSG_SNAP; the oldest is evicted beyond this.</summary>
    public int MaxStagedSnapshots { get; init; } = 4;

    /// <summary>Bytes held by staged snapshots; the oldest are evicted beyond this.</summary>
    public long MaxStagedBytes { get; init; } = 2L << 30;

    /// <summary>A staged snapshot whose MSG_SNAP has not come within this time is discarded.</summary>
    public TimeSpan StagedTimeToLive { get; init; } = TimeSpan.FromMinutes(2);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        Require(MaxSnapshotBytes is >= 1 and <= int.MaxValue, nameof(MaxSnapshotBytes), "1..int.MaxValue (one array holds it)");
        Require(MaxConcurrentTransfers is >= 1 and <= 64, nameof(MaxConcurrentTransfers), "1..64");
        Require(MaxStagedSnapshots is >= 1 and <= 64, nameof(MaxStagedSnapshots), "1..64");
        Require(MaxStagedBytes >= MaxSnapshotBytes, nameof(MaxStagedBytes), ">= MaxSnapshotBytes");
        Require(StagedTimeToLive > TimeSpan.Zero, nameof(StagedTimeToLive), "> 0");
    }

    private static void Require(bool condition, string option, string expected)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, $"SnapshotAssemblerOptions.{option} must be {expected}.");
        }
    }
}
