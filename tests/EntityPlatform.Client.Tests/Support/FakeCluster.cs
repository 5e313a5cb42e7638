using System.Collections.Concurrent;
using System.Diagnostics;
using EntityPlatform.Client.Transport;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client.Tests.Support;

/// <summary>
/// An in-memory cluster behind the SDK's transport seam. Nodes 1..N at http://nK:7000; one leader for every
/// shard. A live non-leader answers "not leader" with a hint (unless <see cref="NonLeadersForward"/>); a
/// dead node fails at once with UNAVAILABLE and no hint; a hung node answers nothing until the attempt's
/// deadline. Commands are deduplicated by (session, request id) like the real dedup table.
/// </summary>
internal sealed class FakeCluster : IEntityTransport
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<(string, ulong), CommandReply> applied = new();

    public FakeCluster(int nodes = 3, int shards = 4)
    {
        NodeIds = Enumerable.Range(1, nodes).Select(i => (ulong)i).ToArray();
        Shards = shards;
    }

    public ulong[] NodeIds { get; }

    public int Shards { get; }

    public ulong Leader { get; set; } = 1;

    public ulong Term { get; set; } = 1;

    /// <summary>The leader that Topology answers report (may lag behind <see cref="Leader"/>, like a stale map).</summary>
    public ulong? ReportedLeader { get; set; }

    public ConcurrentDictionary<ulong, bool> Dead { get; } = new();

    public ConcurrentDictionary<ulong, bool> Hung { get; } = new();

    public bool NonLeadersForward { get; set; }

    /// <summary>How long every command takes to answer, so that concurrent calls really overlap.</summary>
    public TimeSpan CommandLatency { get; set; }

    /// <summary>Failures the leader returns, one per command attempt, before answering normally.</summary>
    public ConcurrentQueue<RpcException> LeaderFailures { get; } = new();

    public Func<CommandRequest, CommandReply>? Answer { get; set; }

    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    /// <summary>
    /// Per node: the answer to a command or query is held back this long after the node has done the work
    /// (a command is applied at once), like a slow reply path. The wait honours cancellation.
    /// </summary>
    public ConcurrentDictionary<ulong, TimeSpan> ReplyDelay { get; } = new();

    /// <summary>Calls whose caller cancelled them while the node was holding them (hung or delaying the reply).</summary>
    public ConcurrentQueue<FakeCall> CancelledCalls { get; } = new();

    /// <summary>Commands in flight at nodes other than <see cref="InFlightExcluded"/>, at most, since the start.</summary>
    public int MaxInFlightElsewhere => Volatile.Read(ref maxInFlightElsewhere);

    public ulong InFlightExcluded { get; set; } = 1;

    private int inFlightElsewhere;
    private int maxInFlightElsewhere;

    public int AppliedCount => applied.Count;

    public static Uri AddressOf(ulong node) => new($"http://n{node}:7000/");

    public static ulong NodeOf(Uri endpoint) => ulong.Parse(endpoint.Host[1..]);

    public IReadOnlyList<FakeCall> CallsTo(ulong node, string method = "Command") => Calls.Where(call => call.NodeId == node && call.Method == method).ToArray();

    public async Task<CommandReply> CommandAsync(Uri endpoint, CommandRequest request, CallOptions options)
    {
        var node = NodeOf(endpoint);
        var call = new FakeCall(node, "Command", request.ClientSessionId, request.RequestId, options, clock.Elapsed);
        Calls.Enqueue(call);
        var elsewhere = node != InFlightExcluded;
        if (elsewhere)
        {
            var now = Interlocked.Increment(ref inFlightElsewhere);
            for (var max = Volatile.Read(ref maxInFlightElsewhere); now > max; max = Volatile.Read(ref maxInFlightElsewhere))
            {
                Interlocked.CompareExchange(ref maxInFlightElsewhere, now, max);
            }
        }

        try
        {
            var reply = await ApplyAsync(node, request, call);
            await HoldReply(node, call);
            return reply;
        }
        finally
        {
            if (elsewhere)
            {
                Interlocked.Decrement(ref inFlightElsewhere);
            }
        }
    }

    private async Task<CommandReply> ApplyAsync(ulong node, CommandRequest request, FakeCall call)
    {
        await Reach(node, call);
        if (CommandLatency > TimeSpan.Zero)
        {
            await Task.Delay(CommandLatency);
        }

        if (node != Leader && !NonLeadersForward)
        {
            throw NotLeader(Leader);
        }

        if (LeaderFailures.TryDequeue(out var failure))
        {
            throw failure;
        }

        var fresh = Answer?.Invoke(request) ?? new CommandReply { Accepted = new Accepted { EventCount = 1 } };
        var reply = applied.GetOrAdd((request.ClientSessionId, request.RequestId), fresh);
        return ReferenceEquals(reply, fresh) ? reply : new CommandReply { Accepted = new Accepted(reply.Accepted) { Deduplicated = true } };
    }

    public async Task<QueryReply> QueryAsync(Uri endpoint, QueryRequest request, CallOptions options)
    {
        var node = NodeOf(endpoint);
        var call = new FakeCall(node, "Query", "", 0, options, clock.Elapsed);
        Calls.Enqueue(call);
        await Reach(node, call);
        await HoldReply(node, call);
        return new QueryReply { Result = Google.Protobuf.ByteString.CopyFromUtf8("42") };
    }

    public async Task<TopologyReply> TopologyAsync(Uri endpoint, CallOptions options)
    {
        var node = NodeOf(endpoint);
        var call = new FakeCall(node, "Topology", "", 0, options, clock.Elapsed);
        Calls.Enqueue(call);
        await Reach(node, call);
        return Topology(node);
    }

    private TopologyReply Topology(ulong node)
    {
        var reply = new TopologyReply { NodeId = node };
        reply.Nodes.AddRange(NodeIds.Select(id => new TopologyNode { NodeId = id, Address = AddressOf(id).ToString() }));
        var type = new EntityTypeTopology { Name = "counter", Shards = (uint)Shards };
        type.Leaders.AddRange(Enumerable.Range(0, Shards).Select(shard => new ShardLeader { ShardId = (uint)shard, LeaderNodeId = ReportedLeader ?? Leader, Term = Term }));
        reply.EntityTypes.Add(type);
        return reply;
    }

    private readonly List<System.Threading.Channels.Channel<bool>> watchers = [];

    /// <summary>Topology watches opened so far, per node (tests wait until the client watches before faulting).</summary>
    public ConcurrentDictionary<ulong, int> WatchesOpened { get; } = new();

    /// <summary>
    /// Each live, not hung node's watch sends its Topology at once and again after every <see cref="PublishTopology"/>
    /// (the fake's "a replica changed leader"). A hung node's stream stays silent; a dead node refuses the watch.
    /// </summary>
    public async IAsyncEnumerable<TopologyReply> WatchTopologyAsync(Uri endpoint, CallOptions options)
    {
        var node = NodeOf(endpoint);
        if (Dead.ContainsKey(node))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel: connection refused"));
        }

        var changes = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1)
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite,
        });
        lock (watchers)
        {
            watchers.Add(changes);
        }

        WatchesOpened.AddOrUpdate(node, 1, (_, count) => count + 1);
        try
        {
            while (true)
            {
                if (!Hung.ContainsKey(node) && !Dead.ContainsKey(node))
                {
                    yield return Topology(node);
                }

                await changes.Reader.ReadAsync(options.CancellationToken);
            }
        }
        finally
        {
            lock (watchers)
            {
                watchers.Remove(changes);
            }
        }
    }

    /// <summary>Every open watch sends its node's Topology again (after a test changed <see cref="Leader"/> or <see cref="Term"/>).</summary>
    public void PublishTopology()
    {
        lock (watchers)
        {
            foreach (var watcher in watchers)
            {
                watcher.Writer.TryWrite(true);
            }
        }
    }

    public static RpcException NotLeader(ulong leader) =>
        new(new Status(StatusCode.Unavailable, "not the leader"), new Metadata { { ApiMetadata.LeaderHint, leader == 0 ? "" : $"{leader}@n{leader}:7000" } });

    private async Task HoldReply(ulong node, FakeCall call)
    {
        if (ReplyDelay.TryGetValue(node, out var delay))
        {
            try
            {
                await Task.Delay(delay, call.Options.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                CancelledCalls.Enqueue(call);
                throw new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            }
        }
    }

    private async Task Reach(ulong node, FakeCall call)
    {
        var options = call.Options;
        if (Dead.ContainsKey(node))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel: connection refused"));
        }

        if (Hung.ContainsKey(node))
        {
            try
            {
                await Task.Delay(options.Deadline is { } deadline ? Max(deadline - DateTime.UtcNow, TimeSpan.Zero) : TimeSpan.FromSeconds(30), options.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                CancelledCalls.Enqueue(call);
                throw new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            }

            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded."));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose()
    {
    }
}
