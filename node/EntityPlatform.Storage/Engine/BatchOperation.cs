using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// One validated operation of a batch, applied at commit in the order it was added. An Append's entries
/// are the range [EntryStart, EntryStart + EntryCount) of the batch's one entry buffer, so adding an
/// operation allocates nothing of its own.
/// </summary>
internal readonly record struct BatchOperation(
    BatchOperationKind Kind,
    ulong GroupId,
    int EntryStart = 0,
    int EntryCount = 0,
    HardState HardState = default,
    SnapshotMetadata? Metadata = null,
    ulong Index = 0);
