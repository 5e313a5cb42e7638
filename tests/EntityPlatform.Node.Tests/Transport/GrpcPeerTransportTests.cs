using System.Diagnostics;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Tests.Transport;

/// <summary>Two or more real transports on 127.0.0.1, each with its own Kestrel server.</summary>
public sealed class GrpcPeerTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 60_000)]
    public async Task Two_nodes_exchange_batches_both_ways_in_order()
    {
        const int count = 3000;
        var directory = new PeerDirectory();
        await using var a = await TransportNode.StartAsync(1, directory);
        await using var b = await TransportNode.StartAsync(2, directory);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i += 50)
        {
            a.Transport.Send(2, [.. Enumerable.Range(i, 50).Select(index => TestMessages.Append(1, 2, (ulong)index))]);
            b.Transport.Send(1, [.. Enumerable.Range(i, 50).Select(index => TestMessages.Heartbeat(2, 1, (ulong)index))]);
        }

        var atB = await b.Inbox.WaitForAsync(received => received.Count >= count, Patience);
        var atA = await a.Inbox.WaitForAsync(received => received.Count >= count, Patience);
        clock.Stop();

        Assert.Equal(Enumerable.Range(0, count).Select(index => (ulong)index), atB.Select(r => r.Message.Index));
        Assert.All(atB, r => Assert.Equal(1UL, r.FromNode));
        Assert.Equal(Enumerable.Range(0, count).Select(index => (ulong)index), atA.Select(r => r.Message.Commit));
        Assert.Equal(100, atB[7].Message.Entries[0].Data.Length);
        Assert.Equal(count, a.Transport.Metrics.MessagesSent);
        Assert.InRange(a.Transport.Metrics.BatchesSent, 1, count / 2);
        Assert.Equal(count, b.ServerMetrics.MessagesReceived);
        Assert.Equal(0, a.Transport.Metrics.MessagesDroppedQueueFull + b.Transport.Metrics.MessagesDroppedQueueFull);
        Console.WriteLine($"transport: {2 * count} messages both ways in {clock.ElapsedMilliseconds} ms, {a.Transport.Metrics.BatchesSent} + {b.Transport.Metrics.BatchesSent} frames");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_probe_arrives_as_an_empty_batch_and_repeated_probes_queue_at_most_one_frame()
    {
        var directory = new PeerDirectory();
        await using var a = await TransportNode.StartAsync(1, directory);
        await using var b = await TransportNode.StartAsync(2, directory);

        a.Transport.Probe(2);
        await Eventually.HoldsAsync(() => b.Inbox.EmptyBatchesFrom(1) == 1, Patience, "node 2 to receive node 1's probe as an empty batch");
        Assert.Empty(b.Inbox.Received());
        Assert.Equal(0, a.Transport.Metrics.MessagesSent);

        // Probes with messages waiting add no message and no separate frame beyond what the queue drains into.
        for (var i = 0; i < 100; i++)
        {
            a.Transport.Probe(2);
        }

        a.Transport.Send(2, [TestMessages.Heartbeat(1, 2, 7)]);
        await b.Inbox.WaitForAsync(received => received.Count == 1, Patience);
        Assert.Equal(1, a.Transport.Metrics.MessagesSent);
        Assert.InRange(a.Transport.Metrics.BatchesSent, 2, 3);
        Assert.Equal(0, a.Transport.Metrics.MessagesDroppedQueueFull);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_stream_reconnects_after_the_peer_server_restarts()
    {
        var directory = new PeerDirectory();
        await using var a = await TransportNode.StartAsync(1, directory);
        await using var b = await TransportNode.StartAsync(2, directory);
        a.Transport.Send(2, [TestMessages.Heartbeat(1, 2, commit: 1)]);
        await b.Inbox.WaitForAsync(received => received.Count == 1, Patience);
        var port = b.Port;

        await b.StopServerAsync();
        await Eventually.HoldsAsync(() => a.Unreachable.Contains(2UL), Patience, "PeerUnreachable(2) after the server stopped",
            eachPoll: () => a.Transport.Send(2, [TestMessages.Heartbeat(1, 2, commit: 2)]));
        await b.StartServerAsync(port);

        await Eventually.HoldsAsync(() => b.Inbox.Received().Any(r => r.Message.Commit == 3), Patience, "a heartbeat after the restart",
            eachPoll: () => a.Transport.Send(2, [TestMessages.Heartbeat(1, 2, commit: 3)]));
        Assert.True(a.Transport.Metrics.Reconnects >= 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_large_snapshot_arrives_intact_in_chunks_and_is_reported_sent()
    {
        var directory = new PeerDirectory();
        var options = new PeerTransportOptions { SnapshotChunkBytes = 256 * 1024 };
        await using var a = await TransportNode.StartAsync(1, directory, options);
        await using var b = await TransportNode.StartAsync(2, directory);
        var data = new byte[5 * 1024 * 1024];
        new Random(5).NextBytes(data);

        a.Transport.Send(2, [TestMessages.Heartbeat(1, 2, commit: 1), TestMessages.Snap(1, 2, groupId: 9, data)]);

        var received = await b.Inbox.WaitForAsync(r => r.Any(x => x.Message.Type == MessageType.Snap), Patience);
        var snap = received.Single(r => r.Message.Type == MessageType.Snap).Message;
        Assert.True(data.AsSpan().SequenceEqual(snap.Snapshot!.Data.Span));
        Assert.Equal(new SnapshotMetadata(100, 3, ConfState.OfVoters(1, 2, 3)), snap.Snapshot.Metadata);
        Assert.Equal(3UL, snap.Term);
        await Eventually.HoldsAsync(() => a.SnapshotsDone.Contains((2UL, 9UL, false)), Patience, "SnapshotSent(2, 9, ok)");
        Assert.Equal(data.Length, a.Transport.Metrics.SnapshotBytesSent);
        Assert.Equal(1, b.ServerMetrics.SnapshotsReceived);
        Assert.Equal(0, b.Assembler.StagedCount);
    }

    [Fact(Timeout = 60_000)]
    public async Task Send_never_blocks_when_the_peer_is_down_and_the_queue_bound_holds()
    {
        const int capacity = 64;
        var directory = new PeerDirectory();
        using var dead = new DeadPeer();
        directory.Set(2, dead.Endpoint);
        await using var transport = new GrpcPeerTransport(1, directory, new PeerTransportOptions { OutboundQueueCapacity = capacity });
        var unreachable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.PeerUnreachable += node => unreachable.TrySetResult();

        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        var heartbeat = new[] { TestMessages.Heartbeat(1, 2, commit: 1) };
        for (var i = 0; i < 200_000; i++)
        {
            var one = Stopwatch.StartNew();
            transport.Send(2, heartbeat);
            slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
            Assert.True(i % 1000 != 0 || transport.QueuedCount(2) <= capacity);
        }

        total.Stop();
        await unreachable.Task.WaitAsync(Patience);
        Assert.True(transport.QueuedCount(2) <= capacity);
        var metrics = transport.Metrics;
        Assert.Equal(0, metrics.MessagesSent);
        // Every message is accounted for: dropped from the full queue, lost with a failed frame, still queued, or in the frame being written.
        var accounted = metrics.MessagesDroppedQueueFull + metrics.MessagesDroppedStreamFailed + transport.QueuedCount(2);
        Assert.InRange(accounted, 200_000 - (2 * capacity) - 1, 200_000);
        Assert.True(metrics.MessagesDroppedQueueFull >= 100_000, $"{metrics.MessagesDroppedQueueFull} dropped from the queue");
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(10), $"200k sends took {total.ElapsedMilliseconds} ms");
        Console.WriteLine($"transport: 200k Send calls to a dead peer in {total.ElapsedMilliseconds} ms, slowest {slowest.TotalMilliseconds:F2} ms");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_node_missing_from_the_directory_is_reported_unreachable()
    {
        await using var transport = new GrpcPeerTransport(1, new PeerDirectory());
        var unreachable = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.PeerUnreachable += node => unreachable.TrySetResult(node);

        transport.Send(5, [TestMessages.Heartbeat(1, 5, commit: 1)]);

        Assert.Equal(5UL, await unreachable.Task.WaitAsync(Patience));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_snapshot_to_a_dead_peer_is_reported_failed()
    {
        var directory = new PeerDirectory();
        using var dead = new DeadPeer();
        directory.Set(2, dead.Endpoint);
        await using var transport = new GrpcPeerTransport(1, directory);
        var done = new TaskCompletionSource<(ulong, ulong, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.SnapshotSent += (node, group, failed) => done.TrySetResult((node, group, failed));

        transport.Send(2, [TestMessages.Snap(1, 2, groupId: 4, new byte[1000])]);

        Assert.Equal((2UL, 4UL, true), await done.Task.WaitAsync(Patience));
        Assert.Equal(1, transport.Metrics.SnapshotsFailed);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_moved_peer_is_reached_at_its_new_address()
    {
        var directory = new PeerDirectory();
        await using var a = await TransportNode.StartAsync(1, directory);
        await using var b = await TransportNode.StartAsync(2, directory);
        a.Transport.Send(2, [TestMessages.Heartbeat(1, 2, commit: 1)]);
        await b.Inbox.WaitForAsync(received => received.Count == 1, Patience);

        // Node 2 "moves": a new server on a new port; the old one keeps running but is no longer listed.
        await using var moved = await TransportNode.StartAsync(2, directory);

        await Eventually.HoldsAsync(() => moved.Inbox.Received().Count > 0, Patience, "a message at the new address",
            eachPoll: () => a.Transport.Send(2, [TestMessages.Heartbeat(1, 2, commit: 2)]));
    }

    [Fact(Timeout = 60_000)]
    public async Task Throughput_of_one_stream_is_measured_without_drops()
    {
        const int count = 100_000;
        var directory = new PeerDirectory();
        await using var a = await TransportNode.StartAsync(1, directory);
        await using var b = await TransportNode.StartAsync(2, directory);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i += 100)
        {
            // Pace the producer the way the scheduler's loop would: the queue bound is not a buffer for a burst of 100k.
            while (a.Transport.QueuedCount(2) > 2048)
            {
                await Task.Yield();
            }

            a.Transport.Send(2, [.. Enumerable.Range(i, 100).Select(index => TestMessages.Append(1, 2, (ulong)index))]);
        }

        await b.Inbox.WaitForAsync(received => received.Count >= count, Patience);
        clock.Stop();

        Assert.Equal(0, a.Transport.Metrics.MessagesDroppedQueueFull);
        Console.WriteLine($"transport: {count} appends (100 B payload) in {clock.ElapsedMilliseconds} ms = {count * 1000L / Math.Max(1, clock.ElapsedMilliseconds)} msg/s in {a.Transport.Metrics.BatchesSent} frames");
    }
}
