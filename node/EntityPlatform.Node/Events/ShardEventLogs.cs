using System.Collections.Concurrent;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Storage.Events;

namespace EntityPlatform.Node.Events;

/// <summary>
/// The event logs of the shard replicas this node hosts, by shard. The scheduler's loop opens, writes and
/// removes them; Subscribe streams read them from any thread (EventLogStore is safe for that).
/// </summary>
public sealed class ShardEventLogs(string? directory, EventLogOptions options, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<ShardId, EventLogStore> stores = new();

    /// <summary>Whether this node keeps event logs at all (a directory was configured).</summary>
    public bool Enabled => directory is not null;

    public bool TryGet(ShardId shard, out EventLogStore store) => stores.TryGetValue(shard, out store!);

    public IEnumerable<KeyValuePair<ShardId, EventLogStore>> All => stores;

    /// <summary>Loop thread: the replica's log, opened from disk on first use (null when disabled).</summary>
    internal EventLogStore? Open(ShardId shard, ulong groupId)
    {
        if (directory is null)
        {
            return null;
        }

        return stores.GetOrAdd(shard, _ => EventLogStore.Open(PathOf(groupId), options, clock));
    }

    /// <summary>Loop thread: closes a replica's log; <paramref name="delete"/> also removes its files (the replica left this node).</summary>
    internal void Close(ShardId shard, ulong groupId, bool delete)
    {
        if (stores.TryRemove(shard, out var store))
        {
            store.Dispose();
        }

        if (delete && directory is not null)
        {
            EventLogStore.Delete(PathOf(groupId));
        }
    }

    private string PathOf(ulong groupId) => Path.Combine(directory!, groupId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A graceful stop: each log is committed first, so a restart finds every event applied (after a crash the tail may be lost, see docs/events.md).</summary>
    public void Dispose()
    {
        foreach (var shard in stores.Keys)
        {
            if (stores.TryRemove(shard, out var store))
            {
                store.FlushAndWait();
                store.Dispose();
            }
        }
    }
}
