using EntityPlatform.Client;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Hosting;
using Grpc.Core;

namespace EntityPlatform.Cluster.Tests;

/// <summary>Issue 17: Subscribe served by real node processes, the SDK's failover, and the bad-input answers.</summary>
public sealed class SubscribeTests
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 180_000)]
    public async Task A_follower_serves_dense_offsets_and_the_sdk_resumes_elsewhere_without_gap_or_duplicate_when_its_node_dies()
    {
        // One shard, so every event of the type has one dense sequence and the SDK reads it from the lowest node id first.
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 1);
        await cluster.WaitForLeadersAsync();
        var session = Guid.CreateVersion7();
        const int firstHalf = 100, total = 200;
        for (var i = 1; i <= firstHalf; i++)
        {
            var reply = await DepositAsync(cluster, session, i);
            // Dense from 1: one event per deposit, the leader's no-op and rejections take no offset.
            Assert.Equal((ulong)i, reply.Accepted.FirstEventOffset);
        }

        // A follower serves the stream straight from its own event log.
        var view = await cluster.ViewAsync();
        var follower = cluster.Nodes.First(node => node.Id != view.Leaders[("accounts", 0)]);
        var fromFollower = await ReadRawAsync(follower.GrpcAddress, new SubscribeRequest { EntityType = "accounts", FromOffset = 1 }, count: firstHalf);
        Assert.Equal(Enumerable.Range(1, firstHalf).Select(i => (ulong)i), fromFollower.Select(e => e.Offset));
        Assert.All(fromFollower, e => Assert.Equal(0u, e.ShardId));

        using var client = new EntityPlatformClient(new EntityPlatformClientOptions { Endpoints = cluster.Nodes.Select(node => node.GrpcAddress).ToList() });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var delivered = new List<ulong>();
        var victim = cluster.Nodes.Min(node => node.Id);
        var killed = false;
        var writer = Task.CompletedTask;
        await foreach (var committed in client.SubscribeAsync("accounts", new Dictionary<uint, ulong> { [0] = 1 }, stop.Token))
        {
            delivered.Add(committed.Offset);
            if (!killed && delivered.Count == firstHalf / 2)
            {
                // Mid-stream: the SDK's shard 0 reads from the lowest node id first; kill it, then keep writing.
                cluster.Kill(victim);
                cluster.Client.Forget(victim);
                killed = true;
                writer = Task.Run(async () =>
                {
                    for (var i = firstHalf + 1; i <= total; i++)
                    {
                        await DepositAsync(cluster, session, i);
                    }
                });
            }

            if (delivered.Count == total)
            {
                break;
            }
        }

        await writer;
        // Exactly 1..N: no gap, and no duplicate (the SDK resumed from last + 1 and drops anything older).
        Assert.Equal(Enumerable.Range(1, total).Select(i => (ulong)i), delivered);
    }

    [Fact(Timeout = 180_000)]
    public async Task Bad_input_gets_not_found_invalid_argument_out_of_range_with_the_oldest_offset_and_resource_exhausted_and_past_the_head_waits()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 2,
            nodeEnvironment: new Dictionary<string, string> { [NodeOptions.MaxSubscribersVariable] = "2" },
            configureType: type => type.Name == "accounts" ? type with { EventsMaxBytes = "1" } : type);
        await cluster.WaitForLeadersAsync();
        var node = cluster.Nodes[0].GrpcAddress;

        var unknown = await FailureAsync(node, new SubscribeRequest { EntityType = "nope" });
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var shard = await FailureAsync(node, new SubscribeRequest { EntityType = "counter", ResumeFrom = { new ShardOffset { ShardId = 7, Offset = 1 } } });
        Assert.Equal(StatusCode.InvalidArgument, shard.StatusCode);
        Assert.Contains("resume_from[0].shard_id", shard.Status.Detail);

        // Past the head the stream waits: nothing arrives, and the call ends only at its deadline.
        var waiting = await FailureAsync(node, new SubscribeRequest { EntityType = "counter", FromOffset = 1_000_000 }, TimeSpan.FromSeconds(2));
        Assert.Equal(StatusCode.DeadlineExceeded, waiting.StatusCode);

        // Retention of 1 byte keeps only the newest index interval (64 events) of each replica's log.
        var session = Guid.CreateVersion7();
        for (var i = 1; i <= 300; i++)
        {
            await DepositAsync(cluster, session, i, entityId: "retained");
        }

        RpcException? behind = null;
        await Eventually.TrueAsync(async () =>
        {
            behind = await FailureAsync(node, new SubscribeRequest { EntityType = "accounts", FromOffset = 1 }, TimeSpan.FromSeconds(5));
            return behind.StatusCode == StatusCode.OutOfRange;
        }, TimeSpan.FromSeconds(30), "a subscriber from offset 1 is behind retention");
        var oldest = RichErrors.DetailOf(behind!, "oldest_offset");
        Assert.NotNull(oldest);
        Assert.True(ulong.Parse(oldest) > 1, $"oldest retained offset {oldest}");
        Assert.Contains($"oldest retained offset is {oldest}", behind!.Status.Detail);
        Assert.Equal(ErrorReasons.EventsBehindRetention, RichErrors.ReasonOf(behind!));

        // Two streams waiting past the head fill the node's limit of 2; a third is refused. A stream of the calls
        // above counts until the server has seen its deadline pass, a moment after the client did, so one of the
        // two may be refused at first: then it is opened again, and only two waiting streams make the check.
        using var channel = Channels.Create(node);
        var client = new EntityService.EntityServiceClient(channel);
        using var open = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var opened = new List<AsyncServerStreamingCall<CommittedEvent>>();
        var pendingReads = new List<Task<bool>>();
        var lastSeen = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                pendingReads.RemoveAll(pending => pending.IsCompleted);
                while (pendingReads.Count < 2)
                {
                    var call = client.Subscribe(new SubscribeRequest { EntityType = "counter", FromOffset = 1_000_000 }, cancellationToken: open.Token);
                    opened.Add(call);
                    pendingReads.Add(call.ResponseStream.MoveNext(open.Token));
                }

                var third = await FailureAsync(node, new SubscribeRequest { EntityType = "counter", FromOffset = 1_000_000 }, TimeSpan.FromSeconds(1));
                lastSeen = $"{third.StatusCode}: {third.Status.Detail}";
                return pendingReads.All(pending => !pending.IsCompleted) &&
                    third.StatusCode == StatusCode.ResourceExhausted && RichErrors.ReasonOf(third) == ErrorReasons.TooManySubscribers;
            }, TimeSpan.FromSeconds(30), "a third subscriber is refused with RESOURCE_EXHAUSTED while two wait");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"a third subscriber was not refused while two waited; it last got {lastSeen}");
        }
        finally
        {
            await open.CancelAsync();
            foreach (var call in opened)
            {
                call.Dispose();
            }
        }

        // The two waiting streams never received anything: they end only by their cancellation.
        foreach (var pending in pendingReads)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => pending);
        }
    }

    private static async Task<CommandReply> DepositAsync(ProcessCluster cluster, Guid session, int requestId, string entityId = "acct")
    {
        var reply = await cluster.Client.CommandAsync("accounts", entityId, """{"type":"deposit","amount":1}""", session, (ulong)requestId, CommandDeadline);
        Assert.True(reply?.Accepted is not null, $"deposit {requestId} was not acknowledged within {CommandDeadline}");
        return reply!;
    }

    private static async Task<List<CommittedEvent>> ReadRawAsync(Uri node, SubscribeRequest request, int count)
    {
        using var channel = Channels.Create(node);
        var client = new EntityService.EntityServiceClient(channel);
        using var call = client.Subscribe(request, deadline: DateTime.UtcNow.AddSeconds(30));
        var events = new List<CommittedEvent>();
        while (events.Count < count && await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            events.Add(call.ResponseStream.Current);
        }

        return events;
    }

    /// <summary>The error a Subscribe call ends with (the test fails if it delivers an event instead).</summary>
    private static async Task<RpcException> FailureAsync(Uri node, SubscribeRequest request, TimeSpan? timeout = null)
    {
        using var channel = Channels.Create(node);
        var client = new EntityService.EntityServiceClient(channel);
        using var call = client.Subscribe(request, deadline: DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10)));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                Assert.Fail($"expected an error, got event {call.ResponseStream.Current}");
            }
        });
        return error;
    }
}
