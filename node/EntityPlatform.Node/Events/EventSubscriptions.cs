using System.Globalization;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Storage.Events;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Node.Events;

/// <summary>
/// Serves Subscribe (docs/events.md) from this node's replicas' event logs, never from the Raft loop: a
/// stream reads a bounded batch per shard from the log, writes it (gRPC flow control holds a slow reader
/// back, and nothing is buffered for it elsewhere), and when nothing is new waits on the logs'
/// notifications. So a slow subscriber costs disk reads, never the writers' time or unbounded memory.
/// </summary>
public sealed class EventSubscriptions(MultiRaftScheduler scheduler, SubscriptionLimits limits, EventMetrics? metrics = null)
{
    private int active;

    /// <summary>Streams being served now.</summary>
    public int Active => Volatile.Read(ref active);

    public async Task ServeAsync(SubscribeRequest request, IServerStreamWriter<CommittedEvent> stream, CancellationToken cancellationToken)
    {
        var checkedRequest = SubscriptionRequest.Check(scheduler.Catalog, request);
        if (!scheduler.EventLogs.Enabled)
        {
            throw RichErrors.Create(StatusCode.Unavailable, $"node {scheduler.NodeId} keeps no event logs", ErrorReasons.EventsNotHosted);
        }

        if (Interlocked.Increment(ref active) > limits.MaxSubscribers)
        {
            Interlocked.Decrement(ref active);
            throw RichErrors.Create(StatusCode.ResourceExhausted,
                $"node {scheduler.NodeId} already serves {limits.MaxSubscribers} subscriptions (its limit); subscribe on another node or later",
                ErrorReasons.TooManySubscribers);
        }

        try
        {
            await StreamAsync(checkedRequest, stream, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref active);
        }
    }

    private async Task StreamAsync(SubscriptionRequest request, IServerStreamWriter<CommittedEvent> stream, CancellationToken cancellationToken)
    {
        var cursors = request.StartOffsets.ToDictionary(pair => pair.Key, pair => pair.Value);
        var batch = new List<StoredEvent>(limits.BatchEvents);
        while (!cancellationToken.IsCancellationRequested)
        {
            var sent = 0;
            foreach (var shard in request.StartOffsets.Keys)
            {
                var store = StoreOf(request.EntityType, shard);
                var from = cursors[shard] == 0 ? store.FirstOffset : cursors[shard];
                batch.Clear();
                Read(store, request.EntityType, shard, from, batch);
                foreach (var stored in batch)
                {
                    await stream.WriteAsync(ToMessage(request.EntityType, shard, stored), cancellationToken);
                }

                cursors[shard] = batch.Count > 0 ? batch[^1].Offset + 1 : from;
                sent += batch.Count;
                metrics?.Delivered(batch.Count);
            }

            if (sent == 0)
            {
                await WaitForAnyAsync(request, cursors, cancellationToken);
            }
        }
    }

    private EventLogStore StoreOf(string entityType, int shard) =>
        scheduler.EventLogs.TryGet(new ShardId(entityType, shard), out var store)
            ? store
            : throw RichErrors.Create(StatusCode.Unavailable,
                $"node {scheduler.NodeId} hosts no serving replica of shard {shard} of '{entityType}'; subscribe to that shard (shard_ids) on a node that hosts it",
                ErrorReasons.EventsNotHosted);

    private void Read(EventLogStore store, string entityType, int shard, ulong from, List<StoredEvent> batch)
    {
        EventReadStatus status;
        ulong oldest;
        try
        {
            status = store.Read(from, limits.BatchEvents, limits.BatchBytes, batch, out oldest);
        }
        catch (ObjectDisposedException)
        {
            throw RichErrors.Create(StatusCode.Unavailable, $"node {scheduler.NodeId} stopped serving shard {shard} of '{entityType}' (its replica left or stopped)",
                ErrorReasons.EventsNotHosted);
        }

        var details = new Dictionary<string, string> { ["oldest_offset"] = oldest.ToString(CultureInfo.InvariantCulture), ["shard_id"] = shard.ToString(CultureInfo.InvariantCulture) };
        switch (status)
        {
            case EventReadStatus.BehindRetention:
                throw RichErrors.Create(StatusCode.OutOfRange,
                    $"shard {shard} of '{entityType}': offset {from} is behind retention; the oldest retained offset is {oldest}",
                    ErrorReasons.EventsBehindRetention, details: details);
            case EventReadStatus.NotOnReplica:
                throw RichErrors.Create(StatusCode.Unavailable,
                    $"shard {shard} of '{entityType}': node {scheduler.NodeId}'s replica holds events from offset {oldest} only (it started from a snapshot); another replica may hold offset {from}",
                    ErrorReasons.EventsNotOnReplica, details: details);
        }
    }

    /// <summary>Waits until any shard of the stream has its next offset, or the idle wait passes.</summary>
    private async Task WaitForAnyAsync(SubscriptionRequest request, Dictionary<int, ulong> cursors, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new List<Task>(cursors.Count);
        foreach (var (shard, next) in cursors)
        {
            var store = StoreOf(request.EntityType, shard);
            waits.Add(store.WaitForAsync(Math.Max(next, 1), limits.IdleWait, linked.Token));
        }

        try
        {
            await Task.WhenAny(waits);
        }
        finally
        {
            await linked.CancelAsync();
        }
    }

    private static CommittedEvent ToMessage(string entityType, int shard, StoredEvent stored) => new()
    {
        EntityType = entityType,
        EntityId = stored.EntityId,
        ShardId = (uint)shard,
        Offset = stored.Offset,
        Payload = UnsafeByteOperations.UnsafeWrap(stored.Payload),
    };
}
