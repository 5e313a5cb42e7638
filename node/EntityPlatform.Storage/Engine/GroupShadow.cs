namespace EntityPlatform.Storage.Engine;

/// <summary>
/// The few numbers a batch needs to validate an operation against the group's state as earlier
/// operations of the same batch will leave it, without touching the real state before the commit.
/// </summary>
internal record struct GroupShadow(bool Exists, ulong OffsetIndex, ulong LastIndex, ulong SnapshotIndex);
