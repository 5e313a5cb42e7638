using EntityPlatform.Entities.Routing;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Issue 12, item 8: a node whose loop died used to stay up, answering every call with an error and
/// holding its shards leaderless, since nothing restarted it. Now it exits non-zero, and the others elect.
/// </summary>
public sealed class FailFastTests
{
    private const string PoisonEntity = "poison";

    [Fact(Timeout = 120_000)]
    public async Task A_node_whose_loop_dies_exits_with_its_reason_and_its_shards_elect_a_new_leader()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, nodeEnvironment: new Dictionary<string, string> { [NodeHost.LoopFaultVariable] = PoisonEntity });
        await cluster.WaitForLeadersAsync();
        var shard = (uint)StableHash64.ShardOf(PoisonEntity, 4);
        var victim = cluster.Node((await cluster.ViewAsync()).Leaders[("counter", shard)]);

        // One direct attempt at the leader, never retried elsewhere (that would kill the next leader too).
        using (var channel = Channels.Create(victim.GrpcAddress))
        {
            var poison = new CommandRequest { EntityType = "counter", EntityId = PoisonEntity, Payload = ByteString.CopyFromUtf8("""{"type":"increment","by":1}""") };
            await Assert.ThrowsAnyAsync<Exception>(() => new EntityService.EntityServiceClient(channel).CommandAsync(poison, deadline: DateTime.UtcNow + TimeSpan.FromSeconds(3)).ResponseAsync);
        }

        await Eventually.TrueAsync(() => !NodeProcesses.IsRunning(victim.Pid), TimeSpan.FromSeconds(15), "the node with a dead loop should exit");
        Assert.Contains($"is exiting with code {NodeProgram.UnhealthyExitCode}: raft loop failed: injected loop fault", await File.ReadAllTextAsync(victim.LogFile));

        cluster.RefreshClient();
        var neighbour = Enumerable.Range(0, 1_000).Select(i => $"neighbour-{i}").First(id => StableHash64.ShardOf(id, 4) == shard);
        var reply = await cluster.Client.CommandAsync("counter", neighbour, """{"type":"increment","by":1}""", Guid.CreateVersion7(), 1, TimeSpan.FromSeconds(15));
        Assert.NotNull(reply?.Accepted);
    }
}
