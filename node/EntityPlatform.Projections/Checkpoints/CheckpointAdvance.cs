namespace EntityPlatform.Projections.Checkpoints;

/// <summary>
/// One shard's checkpoint moving forward in one transaction: the stored value must still be
/// <see cref="FromOffset"/> (0 = no row yet) and becomes <see cref="ToOffset"/>.
/// Invariant: FromOffset &lt; ToOffset.
/// </summary>
public readonly record struct CheckpointAdvance(uint ShardId, ulong FromOffset, ulong ToOffset);
