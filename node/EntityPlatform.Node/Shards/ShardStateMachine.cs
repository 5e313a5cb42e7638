using EntityPlatform.Node.Hosting;

namespace EntityPlatform.Node.Shards;

/// <summary>
/// The replicated state of one shard: every entity's state and the dedup table. Entries are applied in log
/// order on every replica; applying is deterministic because the leader already decided the events.
/// Invariant: <see cref="AppliedIndex"/> only grows, by one entry at a time or by a snapshot restore.
/// </summary>
public sealed partial class ShardStateMachine
{
    private readonly EntityTypeRegistry types;
    private readonly Dictionary<EntityKey, object> states = [];

    public ShardStateMachine(int shard, EntityTypeRegistry types, int maxSessions, long maxSessionBytes = DefaultMaxSessionBytes)
    {
        Shard = shard;
        this.types = types;
        Dedup = new DedupTable(maxSessions, maxSessionBytes);
    }

    /// <summary>Default bound on the bytes of a shard's dedup records (their replies' events).</summary>
    public const long DefaultMaxSessionBytes = 64L << 20;

    public int Shard { get; }

    public ulong AppliedIndex { get; private set; }

    /// <summary>
    /// The dense offset of the last event applied in this shard (0 before the first). Only events count: a
    /// command that records k events advances it by k, a rejection or a retry by nothing. It is part of the
    /// replicated state (in the snapshot), so every replica numbers every event the same way.
    /// Invariant: it only grows.
    /// </summary>
    public ulong LastEventOffset { get; private set; }

    public DedupTable Dedup { get; private set; }

    public int EntityCount => states.Count;

    /// <summary>An entity's current state (its type's initial state if it has none yet).</summary>
    public object StateOf(string entityType, string entityId) =>
        states.TryGetValue(new EntityKey(entityType, entityId), out var state) ? state : types.Get(entityType).InitialState;

    /// <summary>Marks an entry that carries no command (the leader's no-op, a conf change) as applied.</summary>
    public void Skip(ulong index) => Advance(index);

    public ApplyResult Apply(ulong index, ReadOnlySpan<byte> data)
    {
        var entry = ShardEntryCodec.Decode(data);
        Advance(index);
        var verdict = Dedup.Check(entry.SessionId, entry.RequestId, out var recorded);
        if (verdict == DedupVerdict.Expired)
        {
            // The session expired between the leader's decision and this entry: applying it could apply a
            // request twice, so no replica applies it and its client hears SESSION_EXPIRED.
            return new ApplyResult(entry, CommandReply.From(entry, index, firstEventOffset: 0), WasDuplicate: false, SessionExpired: true);
        }

        if (verdict != DedupVerdict.New)
        {
            // A retry that a leader logged again (for instance across a leader change): apply nothing.
            // The recorded reply carries the original offset; a stale retry without one numbers no events.
            return new ApplyResult(entry, recorded ?? CommandReply.From(entry, index, firstEventOffset: 0), WasDuplicate: true);
        }

        ulong firstEventOffset = 0;
        if (entry.Kind == ShardEntryKind.Accepted && entry.Events.Count > 0)
        {
            var runtime = types.TryGet(entry.EntityType, out var found)
                ? found
                : throw new InvalidOperationException(
                    $"shard {Shard} entry {index} is for entity type '{entry.EntityType}', which this node does not host; " +
                    "every replica of a shard must run the same entity types");
            var key = new EntityKey(entry.EntityType, entry.EntityId);
            var state = states.TryGetValue(key, out var current) ? current : runtime.InitialState;
            foreach (var @event in entry.Events)
            {
                state = runtime.Apply(state, @event);
            }

            states[key] = state;
            firstEventOffset = LastEventOffset + 1;
            LastEventOffset += (ulong)entry.Events.Count;
        }

        var reply = CommandReply.From(entry, index, firstEventOffset);
        Dedup.Record(entry.SessionId, entry.RequestId, reply);
        return new ApplyResult(entry, reply, WasDuplicate: false);
    }

    private void Advance(ulong index)
    {
        Invariant.Assert(index > AppliedIndex, $"shard {Shard} applies {index} after {AppliedIndex}");
        AppliedIndex = index;
    }

    private readonly record struct EntityKey(string Type, string Id);
}
