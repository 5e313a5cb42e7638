using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Node.Scheduler;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Issue 12, item 9, with real processes: the leader of quiesced shards stops (SIGSTOP: process and sockets
/// alive, nothing served). Its followers expected no heartbeats, so only the node-level liveness probe can
/// tell them. No client traffic is sent until a new leader exists. Then, with two of three nodes stopped, the
/// survivor's /readyz must not claim "all with a leader" for shards whose leaders it cannot hear from.
/// Every wait is for a condition with a deadline; the failover time itself is measured by the harness.
/// </summary>
public sealed class QuiescedLeaderLivenessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan QuiesceDeadline = TimeSpan.FromSeconds(60);
    private const string Increment = """{"type":"increment","by":1}""";

    [Fact(Timeout = 300_000)]
    public async Task A_stopped_quiesced_leader_is_replaced_without_client_traffic_and_readiness_stops_claiming_a_leader()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await cluster.WaitForLeadersAsync();
        var shard = (uint)new ShardCatalog().Add("counter", 4).ShardOf("counter", "quiet").Shard;
        Assert.NotNull((await cluster.Client.CommandAsync("counter", "quiet", Increment, Guid.CreateVersion7(), 1, TimeSpan.FromSeconds(10)))?.Accepted);
        await WaitAllQuiescedAsync(http, cluster, cluster.Nodes);

        var oldLeader = cluster.Node((await cluster.ViewAsync()).Leaders[("counter", shard)]);
        var survivors = cluster.Nodes.Where(node => node.Id != oldLeader.Id).ToArray();
        NodeProcesses.Pause(oldLeader.Pid);
        try
        {
            var newLeader = await WaitForLeaderAmongAsync(survivors, shard, $"a new leader of counter/{shard} among the survivors, with no client traffic, while node {oldLeader.Id} is stopped", cluster);
            using var channel = Channels.Create(newLeader.GrpcAddress);
            await IncrementUntilAcceptedAsync(new EntityService.EntityServiceClient(channel), cluster);
        }
        finally
        {
            NodeProcesses.Resume(oldLeader.Pid);
        }

        // Idle again, then two of the three nodes stop: the survivor can elect nobody, and the leaders its quiesced
        // followers still name are unreachable, so it is not ready.
        await WaitAllQuiescedAsync(http, cluster, cluster.Nodes);
        var survivor = cluster.Nodes[0];
        await WaitUntilAsync(async () => await ReadyAsync(http, survivor) == true, Deadline, $"node {survivor.Id} to be ready before the fault", cluster);
        var stopped = cluster.Nodes.Where(node => node.Id != survivor.Id).ToArray();
        foreach (var node in stopped)
        {
            NodeProcesses.Pause(node.Pid);
        }

        try
        {
            await WaitUntilAsync(async () => await ReadyAsync(http, survivor) == false, Deadline,
                $"node {survivor.Id}'s /readyz to stop reporting ready while nodes {string.Join(',', stopped.Select(n => n.Id))} are stopped", cluster);
        }
        finally
        {
            foreach (var node in stopped)
            {
                NodeProcesses.Resume(node.Pid);
            }
        }

        await WaitUntilAsync(async () => await ReadyAsync(http, survivor) == true, QuiesceDeadline, $"node {survivor.Id} to be ready again once the others run", cluster);
    }

    /// <summary>Whether /readyz says ready; null when it did not answer in time (a busy machine), which proves nothing either way.</summary>
    private static async Task<bool?> ReadyAsync(HttpClient http, LocalNode node)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(node.HttpAddress, "/readyz"));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"/readyz answered {response.StatusCode}");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Every replica on every node quiesced, as each node's /metrics says.</summary>
    private static Task WaitAllQuiescedAsync(HttpClient http, ProcessCluster cluster, IReadOnlyList<LocalNode> nodes) =>
        WaitUntilAsync(async () =>
        {
            foreach (var node in nodes)
            {
                string metrics;
                try
                {
                    metrics = await http.GetStringAsync(new Uri(node.HttpAddress, "/metrics"));
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }

                var replicas = Gauge(metrics, "entityplatform_node_shard_replicas");
                if (replicas == 0 || Gauge(metrics, "entityplatform_node_quiesced_replicas") != replicas)
                {
                    return false;
                }
            }

            return true;
        }, QuiesceDeadline, "every replica on every node to quiesce", cluster);

    private static long Gauge(string metrics, string name) => (long)new PrometheusSamples(metrics).Single(name);

    private static async Task<LocalNode> WaitForLeaderAmongAsync(LocalNode[] candidates, uint shard, string what, ProcessCluster cluster)
    {
        LocalNode? leader = null;
        await WaitUntilAsync(async () =>
        {
            var view = await ClusterView.CollectAsync(candidates, candidates.Length * 8);
            leader = view.Leaders.TryGetValue(("counter", shard), out var id) ? candidates.Single(node => node.Id == id) : null;
            return leader is not null;
        }, Deadline, what, cluster);
        return leader!;
    }

    private static async Task IncrementUntilAcceptedAsync(EntityService.EntityServiceClient client, ProcessCluster cluster)
    {
        var request = new CommandRequest
        {
            EntityType = "counter", EntityId = "quiet", Payload = ByteString.CopyFromUtf8(Increment),
            ClientSessionId = Guid.CreateVersion7().ToString(), RequestId = 1,
        };
        CommandReply? reply = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                reply = await client.CommandAsync(request, deadline: DateTime.UtcNow.AddSeconds(2));
                return true;
            }
            catch (RpcException)
            {
                return false;
            }
        }, Deadline, "the new leader to commit a write", cluster);
        Assert.NotNull(reply!.Accepted);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, ProcessCluster cluster)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout} for {what}\n{cluster.LogTails()}");
            }

            await Task.Delay(50);
        }
    }
}
