using System.Diagnostics;
using System.Net;
using System.Text;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Shards;
using EntityPlatform.Node.Transport;
using EntityPlatform.Samples.Counter;
using EntityPlatform.Storage.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EntityPlatform.Storage.Bench;

/// <summary>
/// Issue 12, item 14: a shard holding <c>gib</c> GiB of state moves to a new replica. The leader's shard state machine
/// is filled through Apply (counters with long ids, so each entity is ~1 KB of snapshot), snapshotted into
/// its store as the scheduler does (SnapshotWriterStream), uploaded by the real peer transport from the file
/// (SnapshotStoreChunkSource, 1 MiB chunks over loopback gRPC), received into a staging file, verified,
/// moved into the new replica's store when its MSG_SNAP arrives, and restored into a fresh state machine
/// from the file (ChunkStream), as the scheduler installs it. Prints times and the process's peak memory.
/// </summary>
internal static class SnapshotTransferBench
{
    private const int IdChars = 348; // 12 digits + 336 three-byte characters: 1,020 bytes, under the 1 KiB id limit

    public static async Task RunAsync(string directory, double gib)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var targetBytes = (long)(gib * (1L << 30));
        var registry = new EntityTypeRegistry().AddEntityType<Counter>("counters");
        var senderStore = new SnapshotStore(Path.Combine(directory, "leader"));
        var receiverStore = new SnapshotStore(Path.Combine(directory, "replica"));
        var (metadata, entities) = WriteLeaderSnapshot(registry, senderStore, targetBytes);
        var fileBytes = senderStore.FileBytes(1, metadata.Index, metadata.Term);

        var clock = Stopwatch.StartNew();
        await TransferAsync(senderStore, receiverStore, metadata, directory);
        var transferSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"transfer: {fileBytes / 1e9:F2} GB file in {transferSeconds:F1} s ({fileBytes / 1e6 / transferSeconds:F0} MB/s)");

        clock.Restart();
        var replica = new ShardStateMachine(0, registry, maxSessions: 16);
        using (var reader = receiverStore.OpenRead(1, metadata.Index, metadata.Term))
        using (var stream = new ChunkStream(reader.ReadChunks()))
        {
            replica.RestoreSnapshot(stream);
        }

        Console.WriteLine($"restore on the new replica: {clock.Elapsed.TotalSeconds:F1} s, {replica.EntityCount} entities, applied index {replica.AppliedIndex}");
        if (replica.EntityCount != entities || replica.AppliedIndex != metadata.Index || Value(replica, entities - 1) != entities - 1)
        {
            throw new InvalidOperationException($"the new replica holds {replica.EntityCount} entities at {replica.AppliedIndex}; expected {entities} at {metadata.Index}");
        }

        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB (both state machines live in this process; no buffer ever holds the snapshot)");
        Directory.Delete(directory, recursive: true);
    }

    private static (SnapshotMetadata Metadata, int Entities) WriteLeaderSnapshot(EntityTypeRegistry registry, SnapshotStore store, long targetBytes)
    {
        var clock = Stopwatch.StartNew();
        var leader = new ShardStateMachine(0, registry, maxSessions: 16);
        var session = Guid.CreateVersion7();
        var entities = (int)(targetBytes / (12 + (IdChars - 12) * 3 + 20)) + 1;
        var padding = new string('\u4e2d', IdChars - 12);
        for (var i = 0; i < entities; i++)
        {
            var entry = ShardEntryCodec.Encode(new ShardEntry(ShardEntryKind.Accepted, "counters", IdOf(i, padding), session, (ulong)i + 1,
                [Encoding.UTF8.GetBytes($$"""{"type":"incremented","by":{{i}}}""")], null));
            leader.Apply((ulong)i + 1, entry);
        }

        Console.WriteLine($"leader state: {entities} entities applied in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var metadata = new SnapshotMetadata(leader.AppliedIndex, 1, ConfState.OfVoters(1));
        using (var writer = store.BeginWrite(1, metadata))
        {
            using (var stream = new SnapshotWriterStream(writer))
            {
                leader.WriteSnapshot(stream);
            }

            Console.WriteLine($"snapshot written: {writer.DataBytes / 1e9:F2} GB ({writer.DataBytes / (double)(1L << 30):F2} GiB) of state in {clock.Elapsed.TotalSeconds:F1} s");
            writer.Complete();
        }

        return (metadata, entities);
    }

    private static async Task TransferAsync(SnapshotStore senderStore, SnapshotStore receiverStore, SnapshotMetadata metadata, string directory)
    {
        var inbox = new SnapInbox();
        var assembler = new SnapshotAssembler(new SnapshotAssemblerOptions { Store = receiverStore, StagingDirectory = Path.Combine(directory, "replica-incoming") });
        using var metrics = new TransportMetrics();
        var handlers = new PeerServiceHandlers(inbox, assembler, 2, metrics);
        await using var server = await GrpcServer.StartAsync(IPAddress.Loopback, [(0, HttpProtocols.Http2)],
            services => services.AddSingleton(handlers), web => web.MapGrpcService<PeerServiceHandlers>());
        var peers = new PeerDirectory();
        peers.Set(2, server.AddressOf(0));
        await using var transport = new GrpcPeerTransport(1, peers, new PeerTransportOptions { SnapshotSource = new SnapshotStoreChunkSource(senderStore) });
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.SnapshotSent += (_, _, failed) => done.TrySetResult(failed);
        // What the scheduler sends: metadata only.
        transport.Send(2, [new Message { GroupId = 1, Type = MessageType.Snap, From = 1, To = 2, Term = 1, Snapshot = new Snapshot(metadata, ReadOnlyMemory<byte>.Empty) }]);
        var failed = await done.Task.WaitAsync(TimeSpan.FromHours(1));
        await inbox.Snap.Task.WaitAsync(TimeSpan.FromMinutes(1));
        if (failed || !receiverStore.Exists(1, metadata.Index, metadata.Term))
        {
            throw new InvalidOperationException("the snapshot did not reach the new replica's store");
        }
    }

    private static string IdOf(int i, string padding) => $"{i:D12}{padding}";

    private static long Value(ShardStateMachine machine, int i) =>
        ((CounterState)machine.StateOf("counters", IdOf(i, new string('\u4e2d', IdChars - 12)))).Value;

    private sealed class SnapInbox : IRaftInbox
    {
        public TaskCompletionSource Snap { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryPost(ulong fromNode, IReadOnlyList<Message> messages)
        {
            if (messages.Any(m => m.Type == MessageType.Snap && m.Snapshot!.Data.IsEmpty))
            {
                Snap.TrySetResult();
            }

            return true;
        }
    }
}
