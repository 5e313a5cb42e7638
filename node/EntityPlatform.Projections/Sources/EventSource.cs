using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Projections.Sources;

/// <summary>
/// One subscription to an entity type's committed events. <paramref name="resumeFrom"/> maps a shard to the
/// FIRST offset to deliver in it (the last applied offset + 1, as <c>ShardOffset.offset</c> in the proto);
/// a shard it does not name starts at its oldest retained event. The stream may deliver an event more than
/// once and may move back in a shard after a node failure (at-least-once), but never skips an offset: the
/// projection host drops the repeats and treats a skipped offset as a broken stream.
/// The host calls the delegate again, with its committed checkpoints, whenever a stream fails.
/// </summary>
public delegate IAsyncEnumerable<CommittedEvent> EventSource(
    IReadOnlyDictionary<uint, ulong> resumeFrom, CancellationToken cancellationToken);
