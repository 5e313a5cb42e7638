using System.Globalization;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Hashing;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Node.Transport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace EntityPlatform.Node.Tests.Transport;

/// <summary>The server side fed by a raw client, so each test can send exactly the bad input it is about.</summary>
public sealed class PeerServiceHandlersTests : IAsyncLifetime
{
    private const ulong Local = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly RecordingInbox _inbox = new();
    private readonly TransportMetrics _metrics = new();
    private readonly SnapshotAssembler _assembler = new(new SnapshotAssemblerOptions { MaxSnapshotBytes = 1024 * 1024, MaxStagedBytes = 4 * 1024 * 1024 });
    private GrpcServer? _server;
    private GrpcChannel? _channel;

    private PeerService.PeerServiceClient Client => new(_channel!);

    public async Task InitializeAsync()
    {
        _server = await PeerServer.StartAsync(new PeerServiceHandlers(_inbox, _assembler, Local, _metrics));
        _channel = Channels.Create(_server.AddressOf(0));
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _metrics.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_batch_for_another_node_ends_the_stream_with_failed_precondition()
    {
        using var call = Client.Raft();
        await call.RequestStream.WriteAsync(Batch(toNode: 9, Proto(TestMessages.Heartbeat(1, Local, 1))));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("RaftBatch.to_node is 9", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_malformed_message_is_dropped_and_the_stream_goes_on()
    {
        using var call = Client.Raft();
        var bad = Proto(TestMessages.Heartbeat(1, Local, 1));
        bad.Type = RaftMessageType.Unspecified;
        var wrongSender = Proto(TestMessages.Heartbeat(3, Local, 1));

        await call.RequestStream.WriteAsync(Batch(Local, bad, Proto(TestMessages.Heartbeat(1, Local, 1)), wrongSender));
        await call.RequestStream.WriteAsync(Batch(Local, Proto(TestMessages.Heartbeat(1, Local, 2))));
        await call.RequestStream.CompleteAsync();

        var received = await _inbox.WaitForAsync(r => r.Count == 2, Patience);
        Assert.Equal([1UL, 2UL], received.Select(r => r.Message.Commit));
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(2, _metrics.MessagesDroppedInvalid);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_snap_message_without_uploaded_data_is_dropped()
    {
        using var call = Client.Raft();
        var snap = Proto(TestMessages.Snap(1, Local, groupId: 3, []));

        await call.RequestStream.WriteAsync(Batch(Local, snap, Proto(TestMessages.Heartbeat(1, Local, 5))));

        var received = await _inbox.WaitForAsync(r => r.Count == 1, Patience);
        Assert.Equal(MessageType.Heartbeat, received[0].Message.Type);
        Assert.Equal(1, _metrics.MessagesDroppedInvalid);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_refused_batch_is_counted_when_the_inbox_is_full()
    {
        var metrics = new TransportMetrics();
        await using var server = await PeerServer.StartAsync(new PeerServiceHandlers(new RecordingInbox(refuse: true), _assembler, Local, metrics));
        using var channel = Channels.Create(server.AddressOf(0));
        using var call = new PeerService.PeerServiceClient(channel).Raft();

        await call.RequestStream.WriteAsync(Batch(Local, Proto(TestMessages.Heartbeat(1, Local, 1))));

        await Eventually.HoldsAsync(() => metrics.BatchesDroppedInboxFull == 1, Patience, "an inbox-full drop");
    }

    [Fact(Timeout = 30_000)]
    public async Task An_uploaded_snapshot_joins_its_snap_message()
    {
        var data = new byte[3000];
        new Random(1).NextBytes(data);
        var snap = TestMessages.Snap(1, Local, groupId: 3, data);
        var reply = await UploadAsync(data, Chunks(snap, data, chunkBytes: 1000));
        Assert.Equal((ulong)data.Length, reply.BytesReceived);

        using var call = Client.Raft();
        await call.RequestStream.WriteAsync(Batch(Local, Proto(snap)));

        var received = await _inbox.WaitForAsync(r => r.Count == 1, Patience);
        Assert.Equal(data, received[0].Message.Snapshot!.Data.ToArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task Install_snapshot_without_a_declared_length_is_refused()
    {
        using var call = Client.InstallSnapshot();
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(SnapshotHeaders.Length, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Install_snapshot_larger_than_the_limit_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(new byte[2 * 1024 * 1024], []));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Install_snapshot_with_a_wrong_checksum_is_refused_with_data_loss()
    {
        var data = new byte[100];
        var chunks = Chunks(TestMessages.Snap(1, Local, 3, data), data, chunkBytes: 40);
        chunks[1].Data = ByteString.CopyFrom(new byte[40].Select(_ => (byte)1).ToArray());

        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, chunks));

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.Contains("CRC-32C", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Install_snapshot_with_a_gap_is_refused()
    {
        var data = new byte[100];
        var chunks = Chunks(TestMessages.Snap(1, Local, 3, data), data, chunkBytes: 40);
        chunks.RemoveAt(1);

        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, chunks));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("SnapshotChunk.offset is 80; expected 40", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Install_snapshot_for_another_node_is_refused()
    {
        var data = new byte[10];
        var chunks = Chunks(TestMessages.Snap(1, 7, 3, data), data, chunkBytes: 40);

        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, chunks));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("SnapshotChunk.to is 7", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Install_snapshot_without_a_last_chunk_is_refused()
    {
        var data = new byte[100];
        var chunks = Chunks(TestMessages.Snap(1, Local, 3, data), data, chunkBytes: 40);
        chunks.RemoveAt(2);

        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, chunks));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("last = true", error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<InstallSnapshotReply> UploadAsync(byte[] data, List<SnapshotChunk> chunks)
    {
        var headers = new Metadata
        {
            { SnapshotHeaders.Length, data.Length.ToString(CultureInfo.InvariantCulture) },
            { SnapshotHeaders.Crc32C, Crc32C.Compute(data).ToString(CultureInfo.InvariantCulture) },
        };
        using var call = Client.InstallSnapshot(headers, DateTime.UtcNow + Patience);
        try
        {
            foreach (var chunk in chunks)
            {
                await call.RequestStream.WriteAsync(chunk);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call before reading everything; its status comes with the response.
        }

        return await call.ResponseAsync;
    }

    private static List<SnapshotChunk> Chunks(Message snap, byte[] data, int chunkBytes)
    {
        var chunks = new List<SnapshotChunk>();
        var metadata = RaftMessageMapper.ToProto(snap.Snapshot!.Metadata);
        for (var offset = 0; offset == 0 || offset < data.Length; offset += chunkBytes)
        {
            var length = Math.Min(chunkBytes, data.Length - offset);
            chunks.Add(new SnapshotChunk
            {
                GroupId = snap.GroupId, From = snap.From, To = snap.To, Metadata = metadata, Offset = (ulong)offset,
                Data = ByteString.CopyFrom(data, offset, length), Last = offset + length == data.Length,
            });
        }

        return chunks;
    }

    private static RaftMessage Proto(Message message) => RaftMessageMapper.ToProto(message);

    private static RaftBatch Batch(ulong toNode, params RaftMessage[] messages)
    {
        var batch = new RaftBatch { FromNode = 1, ToNode = toNode };
        batch.Messages.Add(messages);
        return batch;
    }
}
