using System.Diagnostics.Metrics;
using EntityPlatform.Node.Telemetry;
using EntityPlatform.Node.Tests.Support;

namespace EntityPlatform.Node.Tests.Telemetry;

/// <summary>
/// The node gauges read the cached status only: nothing before the first snapshot, the last snapshot's values
/// afterwards however old it is (a stalled Raft loop), and its age in entityplatform.node.status_age.
/// </summary>
public sealed class NodeMetricsTests
{
    [Fact]
    public void Before_the_first_status_only_the_dropped_message_counter_reports()
    {
        var cache = new NodeStatusCache(new ManualTimeProvider());
        using var metrics = new NodeMetrics(nodeId: 7101, cache, droppedPeerMessages: () => 3);

        var observed = Observe("7101");

        Assert.Equal(new Dictionary<string, long> { ["entityplatform.node.peer_messages_dropped"] = 3 }, observed.ToDictionary(m => m.Name, m => (long)m.Value));
    }

    [Fact]
    public void A_stale_status_is_still_reported_with_its_age()
    {
        var clock = new ManualTimeProvider();
        var cache = new NodeStatusCache(clock);
        using var metrics = new NodeMetrics(nodeId: 7102, cache, droppedPeerMessages: () => 0);
        cache.Publish(TelemetryStatus.ThreeReplicas(), placementVersion: 5);
        // The loop stalls: nothing publishes for 10 s.
        clock.Advance(TimeSpan.FromSeconds(10));

        var observed = Observe("7102");

        Assert.Equal(3, Value(observed, "entityplatform.node.shard_replicas"));
        Assert.Equal(1, Value(observed, "entityplatform.node.shard_leaders"));
        Assert.Equal(1, Value(observed, "entityplatform.node.quiesced_replicas"));
        Assert.Equal(5, Value(observed, "entityplatform.node.placement_version"));
        Assert.Equal(10, Value(observed, "entityplatform.node.status_age"));
        Assert.Equal(40, Value(observed, "entityplatform.shard.commit_index", ("shard", "0")));
        Assert.Equal(3, Value(observed, "entityplatform.shard.term", ("shard", "0")));
        Assert.Equal(7, Value(observed, "entityplatform.shard.applied_index", ("shard", "1")));
        Assert.Equal(1, Value(observed, "entityplatform.shard.is_leader", ("shard", "0")));
        Assert.Equal(0, Value(observed, "entityplatform.shard.is_leader", ("shard", "2")));
        Assert.Equal(2, Value(observed, "entityplatform.shard.queued_commands", ("shard", "0")));
        Assert.Equal(1, Value(observed, "entityplatform.replica.faulted", ("kind", "apply")));
        Assert.Equal(0, Value(observed, "entityplatform.replica.faulted", ("kind", "raft")));
        Assert.Equal(4, observed.Count(m => m.Name == "entityplatform.replica.faulted"));
    }

    private static double Value(List<Observed> observed, string name, params (string Name, string Value)[] tags)
    {
        var matches = observed.Where(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Name, out var v) && v == t.Value)).ToArray();
        Assert.True(matches.Length == 1, $"expected one {name} with {string.Join(",", tags)}, found {matches.Length}");
        return matches[0].Value;
    }

    /// <summary>Collects one observation of every EntityPlatform.Node instrument, keeping the measurements of node <paramref name="node"/> (tests run in parallel).</summary>
    private static List<Observed> Observe(string node)
    {
        var observed = new List<Observed>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == NodeMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;

        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new Dictionary<string, string>();
            foreach (var tag in tags)
            {
                labels[tag.Key] = tag.Value?.ToString() ?? "";
            }

            if (labels.GetValueOrDefault("node") == node)
            {
                lock (observed)
                {
                    observed.Add(new Observed(instrument.Name, value, labels));
                }
            }
        }
    }

    private sealed record Observed(string Name, double Value, Dictionary<string, string> Tags);
}
