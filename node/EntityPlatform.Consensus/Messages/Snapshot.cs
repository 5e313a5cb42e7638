namespace EntityPlatform.Consensus.Messages;

/// <summary>
/// A point-in-time image of a group's state machine. <see cref="Data"/> is opaque to the core: the
/// application decides whether it holds the state itself or a handle to a snapshot file that the
/// transport streams in chunks.
/// </summary>
public sealed record Snapshot(SnapshotMetadata Metadata, ReadOnlyMemory<byte> Data)
{
    public static readonly Snapshot Empty = new(SnapshotMetadata.Empty, ReadOnlyMemory<byte>.Empty);

    public bool IsEmpty => Metadata.Index == 0;

    public override string ToString() => $"Snapshot({Metadata})";
}
