using EntityPlatform.Grpc.Api;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Server;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Tests.Conformance;

/// <summary>The public API contract: paths are fixed, and every service works end to end through the typed clients.</summary>
public sealed class ContractTests : IAsyncLifetime
{
    private GrpcServerHost? _host;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        var registry = new GrpcServiceRegistry()
            .Unary(EntityApi.Command, (request, _) => ValueTask.FromResult(request.Payload.IsEmpty
                ? new CommandReply { Rejected = new Rejected { Reason = "empty command" } }
                : new CommandReply { Accepted = new Accepted { EventCount = 2, FirstEventOffset = 10, Reply = request.Payload } }))
            .Unary(EntityApi.Query, (request, context) =>
            {
                if (request.Consistency == Consistency.Lease)
                {
                    context.ResponseTrailers.Add(ApiMetadata.LeaderHint, "3@127.0.0.1:7400");
                    throw new GrpcCallException(StatusCode.Unavailable, "not the leader");
                }
                return ValueTask.FromResult(new QueryReply { Result = request.Payload, AppliedIndex = 42, ShardId = 1 });
            })
            .Unary(AdminApi.Status, (_, _) => ValueTask.FromResult(new StatusReply
            {
                NodeId = 1,
                Shards = { new ShardStatus { EntityType = "account", ShardId = 0, GroupId = 7, Role = ReplicaRole.Leader, Term = 3, CommitIndex = 9, AppliedIndex = 9, LeaderNodeId = 1 } },
            }))
            .DuplexStreaming(PeerApi.Raft, async (requests, responses, _) =>
            {
                await foreach (var batch in requests.ReadAllAsync())
                {
                    await responses.WriteAsync(new RaftBatch { FromNode = batch.ToNode, ToNode = batch.FromNode, Messages = { batch.Messages } });
                }
            })
            .ClientStreaming(PeerApi.InstallSnapshot, async (chunks, _) =>
            {
                var reply = new InstallSnapshotReply();
                await foreach (var chunk in chunks.ReadAllAsync())
                {
                    Assert.Equal(reply.BytesReceived, chunk.Offset);
                    reply.BytesReceived += (ulong)chunk.Data.Length;
                    reply.Installed = chunk.Last;
                }
                return reply;
            });
        _host = await GrpcServerHost.StartAsync(registry);
        _channel = new GrpcChannel(_host.Address);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public void Method_paths_are_the_published_ones()
    {
        Assert.Equal("/entityplatform.v1.EntityService/Command", EntityApi.Command.Path);
        Assert.Equal("/entityplatform.v1.EntityService/Query", EntityApi.Query.Path);
        Assert.Equal("/entityplatform.v1.EntityService/Subscribe", EntityApi.Subscribe.Path);
        Assert.Equal("/entityplatform.v1.AdminService/Status", AdminApi.Status.Path);
        Assert.Equal("/entityplatform.v1.AdminService/Drain", AdminApi.Drain.Path);
        Assert.Equal("/entityplatform.v1.AdminService/ApplyPlacement", AdminApi.ApplyPlacement.Path);
        Assert.Equal("/entityplatform.v1.PeerService/Raft", PeerApi.Raft.Path);
        Assert.Equal("/entityplatform.v1.PeerService/InstallSnapshot", PeerApi.InstallSnapshot.Path);
    }

    [Fact]
    public void Raft_message_types_start_at_one_so_an_unset_type_is_detectable()
    {
        Assert.Equal(0, (int)RaftMessageType.Unspecified);
        Assert.Equal(14, Enum.GetValues<RaftMessageType>().Length - 1);
        Assert.Equal(1, (int)RaftMessageType.MsgProp);
        Assert.Equal(14, (int)RaftMessageType.MsgReadIndexResp);
    }

    [Fact]
    public async Task Command_returns_accepted_or_rejected()
    {
        var client = new EntityServiceClient(_channel!);

        var accepted = await client.CommandAsync(new CommandRequest { EntityType = "account", EntityId = "a1", Payload = ByteString.CopyFromUtf8("deposit"), RequestId = 1, ClientSessionId = "s" });
        var rejected = await client.CommandAsync(new CommandRequest { EntityType = "account", EntityId = "a1" });

        Assert.Equal(CommandReply.OutcomeOneofCase.Accepted, accepted.OutcomeCase);
        Assert.Equal(2u, accepted.Accepted.EventCount);
        Assert.Equal("empty command", rejected.Rejected.Reason);
    }

    [Fact]
    public async Task Query_error_carries_the_leader_hint_in_trailers()
    {
        var client = new EntityServiceClient(_channel!);

        var ok = await client.QueryAsync(new QueryRequest { EntityType = "account", EntityId = "a1", Consistency = Consistency.Linearizable });
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => client.QueryAsync(new QueryRequest { Consistency = Consistency.Lease }));

        Assert.Equal(42ul, ok.AppliedIndex);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal("3@127.0.0.1:7400", error.Trailers.Get(ApiMetadata.LeaderHint));
    }

    [Fact]
    public async Task Subscribe_is_unimplemented_until_a_host_binds_it()
    {
        using var call = new EntityServiceClient(_channel!).Subscribe(new SubscribeRequest { EntityType = "account" });

        var error = await Assert.ThrowsAsync<GrpcCallException>(async () => await call.ResponseStream.MoveNextAsync());

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Admin_status_reports_shards()
    {
        var status = await new AdminServiceClient(_channel!).StatusAsync(new StatusRequest());

        var shard = Assert.Single(status.Shards);
        Assert.Equal(ReplicaRole.Leader, shard.Role);
    }

    [Fact]
    public async Task Peer_raft_stream_carries_batches_of_messages_for_many_groups_both_ways()
    {
        using var call = new PeerServiceClient(_channel!).Raft();
        var batch = new RaftBatch
        {
            FromNode = 1,
            ToNode = 2,
            Messages =
            {
                new RaftMessage
                {
                    GroupId = 7, Type = RaftMessageType.MsgApp, From = 1, To = 2, Term = 3, LogTerm = 2, Index = 5, Commit = 4,
                    Entries = { new RaftEntry { Term = 3, Index = 6, Type = RaftEntryType.Normal, Data = ByteString.CopyFromUtf8("e") } },
                },
                new RaftMessage { GroupId = 8, Type = RaftMessageType.MsgHeartbeat, From = 1, To = 2, Term = 9, Quiesce = true, Context = 77 },
                new RaftMessage
                {
                    GroupId = 9, Type = RaftMessageType.MsgSnap, From = 1, To = 2, Term = 4,
                    Snapshot = new SnapshotMetadata { Index = 100, Term = 4, ConfState = new ConfState { Voters = { 1, 2, 3 }, Learners = { 4 }, AutoLeave = true } },
                },
            },
        };

        await call.RequestStream.WriteAsync(batch);
        Assert.True(await call.ResponseStream.MoveNextAsync());
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNextAsync());

        var echoed = call.ResponseStream.Current;
        Assert.Equal(2ul, echoed.FromNode);
        Assert.Equal(batch.Messages, echoed.Messages);
    }

    [Fact]
    public async Task Snapshot_is_transferred_in_ordered_chunks_ending_with_last()
    {
        using var call = new PeerServiceClient(_channel!).InstallSnapshot();
        var metadata = new SnapshotMetadata { Index = 100, Term = 4, ConfState = new ConfState { Voters = { 1, 2, 3 } } };
        ulong offset = 0;
        for (var i = 0; i < 8; i++)
        {
            var data = ByteString.CopyFrom(new byte[32 * 1024]);
            await call.RequestStream.WriteAsync(new SnapshotChunk { GroupId = 9, From = 1, To = 2, Metadata = metadata, Offset = offset, Data = data, Last = i == 7 });
            offset += (ulong)data.Length;
        }
        await call.RequestStream.CompleteAsync();

        var reply = await call.ResponseAsync();

        Assert.Equal(offset, reply.BytesReceived);
        Assert.True(reply.Installed);
    }
}
