using System.Net;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Telemetry;
using EntityPlatform.Node.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EntityPlatform.Node.Tests.Telemetry;

/// <summary>
/// /metrics as the node serves it (NodeTelemetry's Prometheus endpoint on a Kestrel HTTP/1.1 port), fed by a
/// status nobody refreshes: the scrape answers at once with the last status and its age, in Prometheus text
/// with the names and labels docs/metrics.md lists.
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_scrape_answers_from_the_cached_status_in_Prometheus_text()
    {
        var clock = new ManualTimeProvider();
        var cache = new NodeStatusCache(clock);
        using var metrics = new NodeMetrics(nodeId: 7201, cache, droppedPeerMessages: () => 4);
        using var telemetry = new NodeTelemetry(nodeId: 7201, exportTraces: false);
        cache.Publish(TelemetryStatus.ThreeReplicas(), placementVersion: 2);
        clock.Advance(TimeSpan.FromSeconds(30));
        await using var server = await GrpcServer.StartAsync(IPAddress.Loopback, [(0, HttpProtocols.Http1)], _ => { }, web => telemetry.MapScrapingEndpoint(web));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await http.GetAsync(new Uri(server.AddressOf(0), "/metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n');
        // The exporter sorts labels by name and adds _total to counters and the unit (_seconds) to status_age.
        foreach (var expected in new[]
        {
            "# TYPE entityplatform_node_shard_replicas gauge",
            """entityplatform_node_shard_replicas{node="7201"} 3""",
            """entityplatform_node_shard_leaders{node="7201"} 1""",
            """entityplatform_node_quiesced_replicas{node="7201"} 1""",
            """entityplatform_node_placement_version{node="7201"} 2""",
            """entityplatform_node_status_age_seconds{node="7201"} 30""",
            """entityplatform_shard_commit_index{entity_type="counter",node="7201",shard="0"} 40""",
            """entityplatform_shard_is_leader{entity_type="counter",node="7201",shard="0"} 1""",
            """entityplatform_replica_faulted{kind="apply",node="7201"} 1""",
            """entityplatform_replica_faulted{kind="recovery",node="7201"} 0""",
            "# TYPE entityplatform_node_peer_messages_dropped_total counter",
            """entityplatform_node_peer_messages_dropped_total{node="7201"} 4""",
        })
        {
            Assert.True(lines.Contains(expected), $"/metrics lacks the line '{expected}':\n{text}");
        }
    }
}
