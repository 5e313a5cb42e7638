using System.Globalization;
using EntityPlatform.Entities.Routing;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Issue 14: /metrics is served by OpenTelemetry's Prometheus exporter and carries every Meter of the node:
/// its own gauges (from the cached replica status), storage, transport and the gRPC server API. Scraped over
/// HTTP from real node processes.
/// </summary>
public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 180_000)]
    public async Task Every_node_exports_its_replica_gauges_and_the_storage_transport_and_rpc_meters_in_Prometheus_text()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        cluster.RefreshClient();
        var reply = await cluster.Client.CommandAsync("counter", "metrics-probe", """{"type":"increment","by":1}""", Guid.CreateVersion7(), 1, TimeSpan.FromSeconds(15));
        Assert.NotNull(reply?.Accepted);
        var shard = StableHash64.ShardOf("metrics-probe", 4).ToString(CultureInfo.InvariantCulture);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var leaders = 0.0;
        foreach (var node in cluster.Nodes)
        {
            var id = node.Id.ToString(CultureInfo.InvariantCulture);
            PrometheusSamples? metrics = null;
            // The gauges follow the status NodeHealth refreshes every 250 ms: wait until it shows the command applied.
            await Eventually.TrueAsync(async () =>
            {
                metrics = await ScrapeAsync(http, node);
                return metrics.Values("entityplatform_shard_applied_index", ("node", id), ("entity_type", "counter"), ("shard", shard)) is [> 0];
            }, Deadline, $"node {id}'s /metrics to show counter/{shard} applied");

            AssertNodeSeries(metrics!, id);
            leaders += metrics!.Single("entityplatform_node_shard_leaders", ("node", id));
        }

        // Each of the 8 shards has exactly one leader among the nodes.
        Assert.Equal(8, leaders);
    }

    private static void AssertNodeSeries(PrometheusSamples metrics, string id)
    {
        // Every node hosts a replica of each shard (3 nodes, replication factor 3).
        Assert.Equal(8, metrics.Single("entityplatform_node_shard_replicas", ("node", id)));
        Assert.True(metrics.Single("entityplatform_node_placement_version", ("node", id)) >= 1, metrics.Text);
        Assert.InRange(metrics.Single("entityplatform_node_status_age_seconds", ("node", id)), 0, 5);
        Assert.Equal(8, metrics.Values("entityplatform_shard_term", ("node", id)).Count(term => term >= 1));
        Assert.Equal(8, metrics.Values("entityplatform_shard_is_leader", ("node", id)).Count);
        foreach (var kind in new[] { "apply", "snapshot", "recovery", "raft" })
        {
            Assert.Equal(0, metrics.Single("entityplatform_replica_faulted", ("node", id), ("kind", kind)));
        }

        Assert.Equal(0, metrics.Single("entityplatform_node_peer_messages_dropped_total", ("node", id)));
        // The other Meters: Raft traffic went out, the log holds entries, and the peer API answered calls.
        Assert.True(metrics.Single("entityplatform_transport_messages_sent_total") > 0, metrics.Text);
        Assert.True(metrics.Single("entityplatform_storage_log_bytes") > 0, metrics.Text);
        Assert.Contains(metrics.Values("entityplatform_rpc_server_calls_total", ("rpc_grpc_status_code", "0")), calls => calls > 0);
        // The duration histogram has buckets in seconds (sub-millisecond to 10 s), not the exporters' millisecond defaults.
        Assert.NotEmpty(metrics.Values("entityplatform_rpc_server_duration_seconds_bucket", ("le", "0.005")));
        Assert.Empty(metrics.Values("entityplatform_rpc_server_duration_seconds_bucket", ("le", "7500")));
    }

    private static async Task<PrometheusSamples> ScrapeAsync(HttpClient http, LocalNode node)
    {
        using var response = await http.GetAsync(new Uri(node.HttpAddress, "/metrics"));
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusSamples(await response.Content.ReadAsStringAsync());
    }
}
