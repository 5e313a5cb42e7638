using EntityPlatform.Node.Events;
using EntityPlatform.Node.Shards;
using EntityPlatform.Storage.Events;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// The read side's write path (docs/events.md): every replica, leader or follower, appends the events of
/// each entry it applies to its shard's event log, numbered by the state machine's dense counter. Readers
/// (Subscribe) are woken once per loop iteration. Each tick flushes and runs one bounded retention pass.
/// </summary>
public sealed partial class MultiRaftScheduler
{
    private readonly HashSet<EventLogStore> eventLogsTouched = [];

    /// <summary>The event logs of this node's replicas, for Subscribe.</summary>
    public ShardEventLogs EventLogs { get; }

    /// <summary>
    /// Opens the replica's event log and makes it start after the events its state already numbers when it
    /// lacks them (restored from a snapshot newer than what the log kept): those are not replayed again.
    /// </summary>
    private void OpenEventLog(ShardReplica replica)
    {
        var store = EventLogs.Open(replica.Shard, replica.GroupId);
        store?.StartAt(replica.Machine.LastEventOffset + 1);
    }

    /// <summary>After a snapshot from the leader replaced the state: the log restarts after its events.</summary>
    private void OnSnapshotRestored(ShardReplica replica)
    {
        if (EventLogs.TryGet(replica.Shard, out var store))
        {
            store.StartAt(replica.Machine.LastEventOffset + 1);
            eventLogsTouched.Add(store);
        }
    }

    private void AppendEvents(ShardReplica replica, ApplyResult result)
    {
        var first = result.Reply.FirstEventOffset;
        if (result.WasDuplicate || result.SessionExpired || first == 0 || !EventLogs.TryGet(replica.Shard, out var store))
        {
            return;
        }

        var events = result.Entry.Events;
        for (var i = 0; i < events.Count; i++)
        {
            store.Append(first + (ulong)i, result.Entry.EntityId, events[i]);
        }

        eventLogsTouched.Add(store);
    }

    /// <summary>Wakes the subscribers of the logs appended to in this iteration.</summary>
    private void PublishEvents()
    {
        foreach (var store in eventLogsTouched)
        {
            store.Publish();
        }

        eventLogsTouched.Clear();
    }

    /// <summary>Once a tick: start writing new events to disk and trim by retention (bounded work per log).</summary>
    private void EventLogUpkeep()
    {
        foreach (var (shard, store) in EventLogs.All)
        {
            store.Flush();
            store.Trim(options.EventRetention.GetValueOrDefault(shard.EntityType) ?? EventRetention.Default);
        }
    }

    /// <summary>Before a local snapshot: its events must be on disk, or a restart from it could not serve them.</summary>
    private void FlushEventLogBeforeSnapshot(ShardReplica replica)
    {
        if (EventLogs.TryGet(replica.Shard, out var store))
        {
            store.FlushAndWait();
        }
    }
}
