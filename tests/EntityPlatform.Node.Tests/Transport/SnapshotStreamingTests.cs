using System.Globalization;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Hashing;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Node.Transport;
using EntityPlatform.Storage.Snapshots;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using ConfState = EntityPlatform.Consensus.Messages.ConfState;
using SnapshotMetadata = EntityPlatform.Consensus.Messages.SnapshotMetadata;
using WireMetadata = Grpc.Core.Metadata;

namespace EntityPlatform.Node.Tests.Transport;

/// <summary>
/// Issue 12, item 14: snapshots stream from the sender's file to a file on the receiver in many chunks, are verified
/// before they are persisted, and a truncated, corrupted or stalled transfer leaves nothing behind.
/// </summary>
public sealed class SnapshotStreamingTests : IAsyncLifetime
{
    private const ulong Local = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly SnapshotMetadata Metadata = new(100, 3, ConfState.OfVoters(1, 2, 3));
    private readonly string _root = Directory.CreateTempSubdirectory("ep-snap-stream-").FullName;
    private readonly ManualTimeProvider _clock = new();
    private readonly RecordingInbox _inbox = new();
    private readonly TransportMetrics _metrics = new();
    private SnapshotAssembler _assembler = null!;
    private GrpcServer? _server;
    private GrpcChannel? _channel;

    private string Staging => Path.Combine(_root, "staging");

    private PeerService.PeerServiceClient Client => new(_channel!);

    public async Task InitializeAsync()
    {
        _assembler = new SnapshotAssembler(new SnapshotAssemblerOptions
        {
            Store = new SnapshotStore(Path.Combine(_root, "store")),
            StagingDirectory = Staging,
            MaxConcurrentTransfers = 1,
            IdleTimeout = TimeSpan.FromSeconds(10),
            IdleCheckInterval = TimeSpan.FromMilliseconds(20),
            TimeProvider = _clock,
        });
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
        Directory.Delete(_root, recursive: true);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_snapshot_streams_from_the_senders_file_in_many_chunks_into_the_receivers_store()
    {
        var directory = new PeerDirectory();
        var senderStore = new SnapshotStore(Path.Combine(_root, "sender"), maxChunkBytes: 16 << 10);
        var receiverStore = new SnapshotStore(Path.Combine(_root, "receiver"));
        var data = RandomBytes(3 << 20, seed: 1);
        using (var writer = senderStore.BeginWrite(9, Metadata))
        {
            writer.WriteChunk(data);
            writer.Complete();
        }

        var sending = new PeerTransportOptions { SnapshotChunkBytes = 4096, SnapshotSource = new SnapshotStoreChunkSource(senderStore) };
        var receiving = new SnapshotAssemblerOptions { Store = receiverStore, StagingDirectory = Path.Combine(_root, "receiver-staging") };
        await using var a = await TransportNode.StartAsync(1, directory, sending);
        await using var b = await TransportNode.StartAsync(2, directory, assemblerOptions: receiving);

        // The scheduler's MSG_SNAP carries metadata only: the bytes come from the file.
        a.Transport.Send(2, [TestMessages.Snap(1, 2, groupId: 9, [])]);

        var received = await b.Inbox.WaitForAsync(r => r.Any(x => x.Message.Type == MessageType.Snap), Patience);
        var snap = received.Single(r => r.Message.Type == MessageType.Snap).Message;
        Assert.True(snap.Snapshot!.Data.IsEmpty, "the data moved as a file, not inline");
        Assert.Equal(Metadata, snap.Snapshot.Metadata);
        Assert.Equal(data, ReadAll(receiverStore, 9));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "receiver-staging"), "*", SearchOption.AllDirectories));
        await Eventually.HoldsAsync(() => a.SnapshotsDone.Contains((2UL, 9UL, false)), Patience, "SnapshotSent(2, 9, ok)");
        Assert.Equal(data.Length, a.Transport.Metrics.SnapshotBytesSent);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_truncated_transfer_is_refused_with_data_loss_and_nothing_is_persisted()
    {
        var data = RandomBytes(50_000, seed: 2);
        var chunks = Chunks(data, chunkBytes: 1000);
        // The sender declared 50,000 bytes but the stream says "last" after 40,000.
        chunks.RemoveRange(40, 10);
        chunks[^1].Last = true;

        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, chunks));

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.Contains("snapshot ended at 40000 bytes", error.Status.Detail, StringComparison.Ordinal);
        AssertNothingKept();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_corrupted_transfer_is_refused_with_data_loss_and_nothing_is_persisted()
    {
        var data = RandomBytes(50_000, seed: 3);
        var chunks = Chunks(data, chunkBytes: 1000);
        var damaged = chunks[20].Data.ToByteArray();
        damaged[123] ^= 0x10;
        chunks[20].Data = ByteString.CopyFrom(damaged);

        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(data, chunks));

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.Contains("CRC-32C", error.Status.Detail, StringComparison.Ordinal);
        AssertNothingKept();
    }

    [Fact(Timeout = 30_000)]
    public async Task An_idle_transfer_is_dropped_by_the_injected_clock_and_frees_its_slot()
    {
        var data = RandomBytes(50_000, seed: 4);
        var chunks = Chunks(data, chunkBytes: 1000);
        using var call = Client.InstallSnapshot(Declare(data), DateTime.UtcNow + Patience);
        foreach (var chunk in chunks.Take(5))
        {
            await call.RequestStream.WriteAsync(chunk);
        }

        // The sender stalls; only the (injected) clock moves. It moves again on every poll, because the server
        // may take the written chunks (and note their time) after a move.
        var response = call.ResponseAsync;
        await Eventually.HoldsAsync(() => response.IsCompleted, Patience, "the stalled call ended by the server",
            eachPoll: () => _clock.Advance(TimeSpan.FromSeconds(11)));
        var error = await Assert.ThrowsAsync<RpcException>(() => response);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("no SnapshotChunk for 10 s", error.Status.Detail, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => !Directory.Exists(Staging) || Directory.GetFiles(Staging, "*", SearchOption.AllDirectories).Length == 0,
            Patience, "the partial file deleted");

        // The only transfer slot is free again: a whole transfer goes through.
        var reply = await UploadAsync(data, chunks);
        Assert.True(reply.Installed);
        Assert.Equal((ulong)data.Length, reply.BytesReceived);
        Assert.True(_assembler.TryTake(3, 1, Metadata, out var inline));
        Assert.True(inline.IsEmpty, "taken into the store, not inline");
        Assert.Equal(data, ReadAll(_assembler.Options.Store!, 3));
    }

    private void AssertNothingKept()
    {
        Assert.Equal(0, _assembler.StagedCount);
        Assert.False(_assembler.TryTake(3, 1, Metadata, out _));
        Assert.Empty(Directory.GetFiles(_root, "*.snap*", SearchOption.AllDirectories));
    }

    private async Task<InstallSnapshotReply> UploadAsync(byte[] data, List<SnapshotChunk> chunks)
    {
        using var call = Client.InstallSnapshot(Declare(data), DateTime.UtcNow + Patience);
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

    private static WireMetadata Declare(byte[] data) => new()
    {
        { SnapshotHeaders.Length, data.Length.ToString(CultureInfo.InvariantCulture) },
        { SnapshotHeaders.Crc32C, Crc32C.Compute(data).ToString(CultureInfo.InvariantCulture) },
    };

    private static List<SnapshotChunk> Chunks(byte[] data, int chunkBytes)
    {
        var metadata = RaftMessageMapper.ToProto(Metadata);
        var chunks = new List<SnapshotChunk>();
        for (var offset = 0; offset < data.Length; offset += chunkBytes)
        {
            var length = Math.Min(chunkBytes, data.Length - offset);
            chunks.Add(new SnapshotChunk
            {
                GroupId = 3, From = 1, To = Local, Metadata = metadata, Offset = (ulong)offset,
                Data = ByteString.CopyFrom(data, offset, length), Last = offset + length == data.Length,
            });
        }

        return chunks;
    }

    private static byte[] ReadAll(SnapshotStore store, ulong groupId)
    {
        using var reader = store.OpenRead(groupId, Metadata.Index, Metadata.Term);
        return reader.ReadChunks().SelectMany(chunk => chunk.ToArray()).ToArray();
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
