namespace EntityPlatform.Consensus.Messages;

/// <summary>Where a snapshot sits in the log, and the membership in force at that point.</summary>
public sealed record SnapshotMetadata(ulong Index, ulong Term, ConfState ConfState)
{
    public static readonly SnapshotMetadata Empty = new(0, 0, ConfState.Empty);

    public override string ToString() => $"Index:{Index} Term:{Term} ConfState:{ConfState}";
}
