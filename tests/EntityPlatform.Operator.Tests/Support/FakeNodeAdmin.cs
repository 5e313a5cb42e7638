using System.Collections.Concurrent;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Operator.Nodes;

namespace EntityPlatform.Operator.Tests.Support;

/// <summary>
/// The nodes' admin API, in memory: the nodes (addressed by <see cref="PortAddresses"/>) run the last
/// placement handed to them once <see cref="AutoConverge"/> lets them, with the first replica leading
/// and no lag. Drains and placements are recorded for assertions.
/// </summary>
public sealed class FakeNodeAdmin : INodeAdmin
{
    private readonly Lock _lock = new();
    private ApplyPlacementRequest? _running;
    private ApplyPlacementRequest? _target;

    public bool AutoConverge { get; set; } = true;

    public ConcurrentQueue<(Uri Node, ulong Version)> Applied { get; } = new();

    public ConcurrentQueue<Uri> Drained { get; } = new();

    public HashSet<Uri> Down { get; } = [];

    public ulong RunningVersion
    {
        get
        {
            lock (_lock)
            {
                return _running?.Version ?? 0;
            }
        }
    }

    /// <summary>Every node switches to the newest placement it was given.</summary>
    public void Converge()
    {
        lock (_lock)
        {
            _running = _target;
        }
    }

    public Task<StatusReply?> StatusAsync(Uri node, CancellationToken cancellation)
    {
        lock (_lock)
        {
            if (Down.Contains(node))
            {
                return Task.FromResult<StatusReply?>(null);
            }

            var id = PortAddresses.NodeIdOf(node);
            var reply = new StatusReply { NodeId = id };
            var down = Down.Select(PortAddresses.NodeIdOf).ToHashSet();
            foreach (var shard in _running?.Shards.Where(shard => shard.ReplicaNodeIds.Contains(id)) ?? [])
            {
                // The first replica on a node that is up leads: a down node's leaderships have moved.
                var leader = shard.ReplicaNodeIds.FirstOrDefault(replica => !down.Contains(replica));
                reply.Shards.Add(new ShardStatus
                {
                    EntityType = shard.EntityType, ShardId = shard.ShardId, Role = leader == id ? ReplicaRole.Leader : ReplicaRole.Follower,
                    LeaderNodeId = leader, Lag = 0,
                });
            }

            return Task.FromResult<StatusReply?>(reply);
        }
    }

    public Task<DrainReply> DrainAsync(Uri node, TimeSpan timeout, CancellationToken cancellation)
    {
        Drained.Enqueue(node);
        return Task.FromResult(new DrainReply { LeadersMoved = 1 });
    }

    public Task<ApplyPlacementReply> ApplyPlacementAsync(Uri node, ApplyPlacementRequest request, CancellationToken cancellation)
    {
        Applied.Enqueue((node, request.Version));
        lock (_lock)
        {
            if (_target is null || request.Version > _target.Version)
            {
                _target = request;
            }

            if (AutoConverge || _running is null)
            {
                _running = _target;
            }

            return Task.FromResult(new ApplyPlacementReply { AppliedVersion = _target.Version });
        }
    }
}
