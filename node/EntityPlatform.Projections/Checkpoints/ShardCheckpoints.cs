using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Projections.Checkpoints;

/// <summary>
/// The host's view of the committed checkpoints (last applied offset per shard) and the pure rules that
/// turn an at-least-once stream into each offset exactly once: an offset at or below the checkpoint is a
/// repeat and is dropped, the checkpoint + 1 is applied, anything higher is a gap.
/// Invariant: the values only grow, and only by <see cref="Commit"/> of a plan built from them.
/// </summary>
public sealed class ShardCheckpoints
{
    private readonly Dictionary<uint, ulong> lastApplied;
    private readonly bool acceptFirstOffsetAboveOne;

    /// <param name="committed">Loaded from the store.</param>
    /// <param name="acceptFirstOffsetAboveOne">A shard without a checkpoint may start above offset 1 (its
    /// oldest events are past retention), instead of that counting as a gap.</param>
    public ShardCheckpoints(IReadOnlyDictionary<uint, ulong> committed, bool acceptFirstOffsetAboveOne = false)
    {
        lastApplied = new Dictionary<uint, ulong>(committed);
        this.acceptFirstOffsetAboveOne = acceptFirstOffsetAboveOne;
    }

    /// <summary>A copy of the last applied offset per shard.</summary>
    public IReadOnlyDictionary<uint, ulong> Snapshot() => new Dictionary<uint, ulong>(lastApplied);

    /// <summary>Where a new subscription starts: each known shard's checkpoint + 1.</summary>
    public IReadOnlyDictionary<uint, ulong> ResumeFrom() => lastApplied.ToDictionary(pair => pair.Key, pair => pair.Value + 1);

    /// <summary>
    /// Plans a batch without changing the checkpoints. Events after the first gap are not planned: the
    /// caller applies the plan, then resubscribes.
    /// </summary>
    public BatchPlan Plan(IReadOnlyList<CommittedEvent> batch)
    {
        var next = new Dictionary<uint, ulong>();
        var from = new Dictionary<uint, ulong>();
        var events = new List<CommittedEvent>(batch.Count);
        var duplicates = 0;
        foreach (var @event in batch)
        {
            var shard = @event.ShardId;
            var last = next.TryGetValue(shard, out var planned) ? planned : lastApplied.GetValueOrDefault(shard);
            if (@event.Offset <= last)
            {
                duplicates++;
                continue;
            }

            var startsAboveOne = last == 0 && !lastApplied.ContainsKey(shard) && acceptFirstOffsetAboveOne;
            if (@event.Offset != last + 1 && !startsAboveOne)
            {
                return Finish(events, from, next, duplicates, new EventGapException(shard, last + 1, @event.Offset));
            }

            if (!from.ContainsKey(shard))
            {
                from[shard] = lastApplied.GetValueOrDefault(shard);
            }

            next[shard] = @event.Offset;
            events.Add(@event);
        }

        return Finish(events, from, next, duplicates, null);
    }

    /// <summary>Records a plan's advances after its transaction committed.</summary>
    public void Commit(IReadOnlyList<CheckpointAdvance> advances)
    {
        foreach (var advance in advances)
        {
            Invariant.Assert(lastApplied.GetValueOrDefault(advance.ShardId) == advance.FromOffset, "a plan is committed on the checkpoints it was built from");
            Invariant.Assert(advance.FromOffset < advance.ToOffset);
            lastApplied[advance.ShardId] = advance.ToOffset;
        }
    }

    /// <summary>
    /// The advance that applying <paramref name="next"/> alone makes; it must be the next new event of its
    /// shard (the poison isolation applies a failed batch one event at a time).
    /// </summary>
    public CheckpointAdvance AdvanceFor(CommittedEvent next)
    {
        var last = lastApplied.GetValueOrDefault(next.ShardId);
        Invariant.Assert(next.Offset > last, "a planned event is above its shard's checkpoint");
        return new CheckpointAdvance(next.ShardId, last, next.Offset);
    }

    private static BatchPlan Finish(List<CommittedEvent> events, Dictionary<uint, ulong> from, Dictionary<uint, ulong> next, int duplicates, EventGapException? gap)
    {
        var advances = next.Select(pair => new CheckpointAdvance(pair.Key, from[pair.Key], pair.Value)).ToList();
        return new BatchPlan(events, advances, duplicates, gap);
    }
}
