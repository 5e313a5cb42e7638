using System.Diagnostics.Metrics;
using System.Globalization;

namespace EntityPlatform.Node.Events;

/// <summary>
/// The read side's instruments on the Meter "EntityPlatform.Node.Events": each replica's event-log size
/// (entityplatform_event_log_bytes{entity_type,shard}), the Subscribe streams served, and the events delivered.
/// The size is read from the logs themselves (their addresses), never through the Raft loop.
/// </summary>
public sealed class EventMetrics : IDisposable
{
    public const string MeterName = "EntityPlatform.Node.Events";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> delivered;
    private readonly KeyValuePair<string, object?> nodeTag;

    public EventMetrics(ulong nodeId, ShardEventLogs logs, Func<int> subscribers)
    {
        nodeTag = new("node", nodeId.ToString(CultureInfo.InvariantCulture));
        meter.CreateObservableGauge("entityplatform.event_log.bytes", () => logs.All.Select(pair => new Measurement<long>(pair.Value.Bytes,
                nodeTag, new("entity_type", pair.Key.EntityType), new("shard", pair.Key.Shard.ToString(CultureInfo.InvariantCulture)))).ToArray(),
            unit: "By", description: "Bytes held by each shard replica's event log (logical; files free trimmed space a segment at a time).");
        meter.CreateObservableGauge("entityplatform.subscriptions.active", () => new Measurement<long>(subscribers(), nodeTag),
            description: "Subscribe streams this node serves now.");
        delivered = meter.CreateCounter<long>("entityplatform.subscriptions.events_delivered", description: "Events written to Subscribe streams.");
    }

    public void Delivered(int count)
    {
        if (count > 0)
        {
            delivered.Add(count, nodeTag);
        }
    }

    public void Dispose() => meter.Dispose();
}
