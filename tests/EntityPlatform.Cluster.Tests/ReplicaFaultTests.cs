using System.Globalization;
using EntityPlatform.Entities.Routing;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Issue 12, item 7, with real processes: a poison entry (one that every replica fails to apply) used to
/// end the loop of every node that applied it, taking all their shards down. Now it faults that shard's
/// replicas only: the processes stay up and healthy, every other shard stays writable through every node,
/// and each node's admin Status, /readyz and /metrics name the faulted shard.
/// </summary>
public sealed class ReplicaFaultTests
{
    private const string PoisonEntity = "poison";
    private const string Increment = """{"type":"increment","by":1}""";

    [Fact(Timeout = 180_000)]
    public async Task A_poison_entry_faults_only_its_shard_and_every_other_shard_stays_writable_through_every_node()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, nodeEnvironment: new Dictionary<string, string> { [NodeHost.ApplyFaultVariable] = PoisonEntity });
        await cluster.WaitForLeadersAsync();
        var shard = (uint)StableHash64.ShardOf(PoisonEntity, 4);
        var leader = cluster.Node((await cluster.ViewAsync()).Leaders[("counter", shard)]);

        // The client of the poison command is answered at once with UNAVAILABLE naming the shard and the fault.
        using (var channel = Channels.Create(leader.GrpcAddress))
        {
            var poison = new CommandRequest { EntityType = "counter", EntityId = PoisonEntity, Payload = ByteString.CopyFromUtf8(Increment), ClientSessionId = Guid.CreateVersion7().ToString(), RequestId = 1 };
            var error = await Assert.ThrowsAsync<RpcException>(() => new EntityService.EntityServiceClient(channel).CommandAsync(poison, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.Contains($"shard counter/{shard} is unavailable on node {leader.Id}: its replica here is faulted (apply:", error.Status.Detail);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // The leader faults for sure (it applied the entry). A follower faults only once it learns that the entry
        // committed, and the faulted leader goes silent right after applying it: whether a follower hears that
        // commit first is a race, and a follower that never does simply has no leader for the shard (its
        // would-be voters are faulted). So the leader must report the fault; every node that reports it must
        // show it everywhere; every node stays up and healthy.
        await Eventually.TrueAsync(async () => (await FaultOfAsync(leader, shard)).StartsWith("apply: InvalidOperationException: injected apply fault", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), $"the leader, node {leader.Id}, reports counter/{shard} faulted in its admin Status");
        foreach (var node in cluster.Nodes)
        {
            Assert.True(NodeProcesses.IsRunning(node.Pid), $"node {node.Id} must keep running");
            Assert.Equal("ok\n", await http.GetStringAsync(new Uri(node.HttpAddress, "/healthz")));
            if (!(await FaultOfAsync(node, shard)).StartsWith("apply:", StringComparison.Ordinal))
            {
                continue;
            }

            // The faulted replica is named whatever the answer's status: another shard may be between leaders
            // for a moment (200 or 503 are both honest then), but the fault must always be named.
            await Eventually.TrueAsync(async () =>
                {
                    using var ready = await http.GetAsync(new Uri(node.HttpAddress, "/readyz"));
                    return (await ready.Content.ReadAsStringAsync()).Contains($"FAULTED (serving nothing): counter/{shard} (apply:", StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(10), $"node {node.Id}'s /readyz to name the faulted replica of counter/{shard}");
            // /metrics shows the status NodeHealth last refreshed (every 250 ms), so it may lag the admin Status a little.
            await Eventually.TrueAsync(async () => new PrometheusSamples(await http.GetStringAsync(new Uri(node.HttpAddress, "/metrics")))
                .Single("entityplatform_replica_faulted", ("node", node.Id.ToString(CultureInfo.InvariantCulture)), ("kind", "apply")) == 1,
                TimeSpan.FromSeconds(10), $"node {node.Id}'s /metrics to count one apply-faulted replica");
        }

        // Every other shard takes a command through every node (the router forwards to its leader).
        foreach (var node in cluster.Nodes)
        {
            using var channel = Channels.Create(node.GrpcAddress);
            var client = new EntityService.EntityServiceClient(channel);
            foreach (var (type, other) in new[] { "counter", "accounts" }.SelectMany(type => Enumerable.Range(0, 4).Select(s => (type, (uint)s))))
            {
                if (type == "counter" && other == shard)
                {
                    continue;
                }

                var id = Enumerable.Range(0, 1_000).Select(i => $"n{node.Id}-{i}").First(id => StableHash64.ShardOf(id, 4) == other);
                var payload = type == "counter" ? Increment : """{"type":"deposit","amount":5}""";
                var request = new CommandRequest { EntityType = type, EntityId = id, Payload = ByteString.CopyFromUtf8(payload), ClientSessionId = Guid.CreateVersion7().ToString(), RequestId = 1 };
                // "Writable" as a client sees it: a leader change under load answers UNAVAILABLE (not the leader),
                // and the client retries the same session and request id (exactly once) until its deadline.
                var retryUntil = DateTime.UtcNow.AddSeconds(20);
                CommandReply? reply = null;
                while (reply is null)
                {
                    try
                    {
                        reply = await client.CommandAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < retryUntil)
                    {
                        await Task.Delay(100);
                    }
                }

                Assert.True(reply.Accepted is not null, $"{type}/{other} through node {node.Id} should be accepted");
            }
        }

        foreach (var node in cluster.Nodes)
        {
            Assert.True(NodeProcesses.IsRunning(node.Pid), $"node {node.Id} must still be running");
        }
    }

    private static async Task<string> FaultOfAsync(LocalNode node, uint shard)
    {
        using var channel = Channels.Create(node.InternalAddress);
        var status = await new AdminService.AdminServiceClient(channel).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
        return status.Shards.Single(s => s.EntityType == "counter" && s.ShardId == shard).Fault;
    }
}
