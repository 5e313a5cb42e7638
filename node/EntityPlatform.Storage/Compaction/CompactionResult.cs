namespace EntityPlatform.Storage.Compaction;

/// <summary>
/// What one compaction pass did: groups moved forward (their live state rewritten at the tail), the
/// bytes that cost, and the log head before and after. <see cref="PinnedBy"/> names what stops the head
/// from moving further (a group id, "damage", or "tail").
/// </summary>
public sealed record CompactionResult(int RelocatedGroups, long RelocatedBytes, long OldBeginAddress, long NewBeginAddress, string PinnedBy);
