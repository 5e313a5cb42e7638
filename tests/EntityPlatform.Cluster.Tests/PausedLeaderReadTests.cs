using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Node.Scheduler;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Issue 12, item 2 (and item 3 for a leader), with real processes: a leader stopped with SIGSTOP past the
/// election timeout, while a new leader commits, must answer no lease or bounded-staleness read from its old
/// state once it runs again. The reads are sent while it is stopped (they wait in its socket buffers) and for a
/// while after SIGCONT, so they race the messages that tell it about the new term.
/// </summary>
public sealed class PausedLeaderReadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const int ReadsWhilePaused = 40;
    private const int ReadRoundsAfterResume = 20;

    [Fact(Timeout = 180_000)]
    public async Task A_leader_paused_past_the_election_timeout_answers_no_lease_or_bounded_read_with_an_overwritten_value()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        var shard = (uint)new ShardCatalog().Add("counter", 4).ShardOf("counter", "paused").Shard;
        Assert.NotNull((await cluster.Client.CommandAsync("counter", "paused", Increment, Guid.CreateVersion7(), 1, TimeSpan.FromSeconds(10)))?.Accepted);
        var oldLeader = cluster.Node((await cluster.ViewAsync()).Leaders[("counter", shard)]);
        var others = cluster.Nodes.Where(node => node.Id != oldLeader.Id).ToArray();
        using var oldChannel = Channels.Create(oldLeader.GrpcAddress);
        var oldClient = new EntityService.EntityServiceClient(oldChannel);

        // Reads on the old leader succeed and see "1" while it leads (and prove its connection is open).
        Assert.Equal("1", await ReadAsync(oldClient, Consistency.Lease));

        NodeProcesses.Pause(oldLeader.Pid);
        var reads = new List<Task<string?>>();
        try
        {
            var newLeader = await WaitForNewLeaderAsync(others, shard, oldLeader.Id);
            using (var newChannel = Channels.Create(newLeader.GrpcAddress))
            {
                await IncrementUntilAcceptedAsync(new EntityService.EntityServiceClient(newChannel));
            }

            for (var i = 0; i < ReadsWhilePaused; i++)
            {
                reads.Add(ReadOrNullAsync(oldClient, i % 2 == 0 ? Consistency.Lease : Consistency.BoundedStaleness));
            }
        }
        finally
        {
            NodeProcesses.Resume(oldLeader.Pid);
        }

        for (var round = 0; round < ReadRoundsAfterResume; round++)
        {
            reads.Add(ReadOrNullAsync(oldClient, Consistency.Lease));
            reads.Add(ReadOrNullAsync(oldClient, Consistency.BoundedStaleness));
            await Task.WhenAny(reads[^1], Task.Delay(5));
        }

        var answers = await Task.WhenAll(reads).WaitAsync(Deadline);
        var stale = answers.Count(answer => answer == "1");
        Assert.True(stale == 0,
            $"{stale} of {answers.Length} reads on the resumed old leader returned the overwritten value 1 " +
            $"({answers.Count(answer => answer == "2")} returned 2, the rest were refused)\n{cluster.LogTails()}");

        // The old leader is not wedged: once it has caught up it serves the new value.
        var deadline = DateTime.UtcNow + Deadline;
        while (await ReadOrNullAsync(oldClient, Consistency.Linearizable) != "2")
        {
            Assert.True(DateTime.UtcNow < deadline, $"node {oldLeader.Id} never served the new value after SIGCONT\n{cluster.LogTails()}");
            await Task.Delay(50);
        }
    }

    private const string Increment = """{"type":"increment","by":1}""";

    private static async Task<string> ReadAsync(EntityService.EntityServiceClient client, Consistency consistency)
    {
        var reply = await client.QueryAsync(Query(consistency), deadline: DateTime.UtcNow + TimeSpan.FromSeconds(5));
        return reply.Result.ToStringUtf8();
    }

    /// <summary>The value read, or null when the node refused (not leader, not fresh enough, timed out).</summary>
    private static async Task<string?> ReadOrNullAsync(EntityService.EntityServiceClient client, Consistency consistency)
    {
        try
        {
            return await ReadAsync(client, consistency);
        }
        catch (RpcException)
        {
            return null;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    private static QueryRequest Query(Consistency consistency) => new()
    {
        EntityType = "counter", EntityId = "paused", QueryName = "value", Consistency = consistency, MaxStalenessMs = 100,
    };

    private static async Task<LocalNode> WaitForNewLeaderAsync(LocalNode[] candidates, uint shard, ulong oldLeader)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var view = await ClusterView.CollectAsync(candidates, candidates.Length * 8);
            if (view.Leaders.TryGetValue(("counter", shard), out var leader) && leader != oldLeader)
            {
                return candidates.Single(node => node.Id == leader);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no new leader of counter/{shard} within {Deadline} while node {oldLeader} was paused");
    }

    private static async Task IncrementUntilAcceptedAsync(EntityService.EntityServiceClient client)
    {
        var request = new CommandRequest
        {
            EntityType = "counter", EntityId = "paused", Payload = ByteString.CopyFromUtf8(Increment),
            ClientSessionId = Guid.CreateVersion7().ToString(), RequestId = 1,
        };
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            try
            {
                var reply = await client.CommandAsync(request, deadline: DateTime.UtcNow + TimeSpan.FromSeconds(2));
                Assert.NotNull(reply.Accepted);
                return;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
