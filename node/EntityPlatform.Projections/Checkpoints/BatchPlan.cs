using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Projections.Checkpoints;

/// <summary>
/// What to do with one batch read from the source: the new events to apply (in arrival order, each shard's
/// offsets contiguous from its checkpoint + 1), how each shard's checkpoint moves, how many repeats were
/// dropped, and the gap that cut the batch short (null when none).
/// </summary>
public sealed record BatchPlan(
    IReadOnlyList<CommittedEvent> Events,
    IReadOnlyList<CheckpointAdvance> Advances,
    int DuplicateCount,
    EventGapException? Gap);
