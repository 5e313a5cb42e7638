using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Engine;

/// <summary>One validated operation of a batch, applied at commit in the order it was added.</summary>
internal readonly record struct BatchOperation(
    BatchOperationKind Kind,
    ulong GroupId,
    Entry[]? Entries = null,
    HardState HardState = default,
    SnapshotMetadata? Metadata = null,
    ulong Index = 0);
