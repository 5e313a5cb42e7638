using EntityPlatform.Consensus.Messages;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Transport;
using Grpc.Core;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Node administration, on the internal port: status per shard replica, drain (move leaderships away),
/// apply placement. <paramref name="peers"/> holds internal addresses, <paramref name="clients"/> client ones.
/// </summary>
public sealed class AdminServiceHandlers(MultiRaftScheduler scheduler, PeerDirectory peers, PeerDirectory clients) : AdminService.AdminServiceBase
{
    private static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(10);

    public override async Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        var reply = new StatusReply { NodeId = scheduler.NodeId };
        foreach (var replica in await scheduler.StatusAsync())
        {
            var raft = replica.Raft;
            reply.Shards.Add(new ShardStatus
            {
                EntityType = replica.Shard.EntityType,
                ShardId = (uint)replica.Shard.Shard,
                GroupId = replica.GroupId,
                Role = RoleOf(raft.Role, raft.ConfState.Learners.Contains(scheduler.NodeId)),
                Term = raft.Term,
                CommitIndex = raft.Commit,
                AppliedIndex = replica.AppliedIndex,
                Lag = raft.Commit - Math.Min(raft.Commit, replica.AppliedIndex),
                LeaderNodeId = raft.Leader,
            });
        }

        return reply;
    }

    public override async Task<DrainReply> Drain(DrainRequest request, ServerCallContext context)
    {
        var timeout = request.TimeoutMs == 0 ? DefaultDrainTimeout : TimeSpan.FromMilliseconds(Math.Min(request.TimeoutMs, 300_000));
        var deadline = DateTime.UtcNow + timeout;
        var initial = await scheduler.DrainLeadershipAsync();
        var remaining = initial;
        while (remaining > 0 && DateTime.UtcNow < deadline && !context.CancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, context.CancellationToken);
            remaining = await scheduler.DrainLeadershipAsync();
        }

        return new DrainReply { LeadersMoved = (uint)Math.Max(0, initial - remaining), LeadersRemaining = (uint)remaining };
    }

    public override async Task<ApplyPlacementReply> ApplyPlacement(ApplyPlacementRequest request, ServerCallContext context)
    {
        foreach (var node in request.Nodes)
        {
            if (node.NodeId == 0 || !Uri.TryCreate(node.Address, UriKind.Absolute, out var address))
            {
                throw RequestValidation.Invalid($"nodes: node {node.NodeId} has address '{node.Address}'; expected a non-zero id and an absolute URL");
            }

            Uri? clientAddress = null;
            if (node.ClientAddress.Length > 0 && !Uri.TryCreate(node.ClientAddress, UriKind.Absolute, out clientAddress))
            {
                throw RequestValidation.Invalid($"nodes: node {node.NodeId} has client_address '{node.ClientAddress}'; expected an absolute URL or empty");
            }

            peers.Set(node.NodeId, address);
            if (clientAddress is not null)
            {
                clients.Set(node.NodeId, clientAddress);
            }
        }

        var replicas = new Dictionary<ShardId, IReadOnlyList<ulong>>();
        foreach (var shard in request.Shards)
        {
            if (!scheduler.Catalog.Hosts(shard.EntityType) || shard.ShardId >= scheduler.Catalog.ShardCount(shard.EntityType))
            {
                throw RequestValidation.Invalid($"shards: {shard.EntityType}/{shard.ShardId} is not a shard of this cluster");
            }

            if (shard.ReplicaNodeIds.Count == 0 || shard.ReplicaNodeIds.Distinct().Count() != shard.ReplicaNodeIds.Count)
            {
                throw RequestValidation.Invalid($"shards: {shard.EntityType}/{shard.ShardId} needs distinct replica node ids, got [{string.Join(' ', shard.ReplicaNodeIds)}]");
            }

            replicas[new ShardId(shard.EntityType, (int)shard.ShardId)] = shard.ReplicaNodeIds.ToArray();
        }

        var applied = await scheduler.ApplyPlacementAsync(new NodePlacement((long)request.Version, replicas));
        return new ApplyPlacementReply { AppliedVersion = (ulong)applied };
    }

    private static ReplicaRole RoleOf(StateRole role, bool learner) => learner ? ReplicaRole.Learner : role switch
    {
        StateRole.Leader => ReplicaRole.Leader,
        StateRole.Candidate => ReplicaRole.Candidate,
        StateRole.PreCandidate => ReplicaRole.PreCandidate,
        _ => ReplicaRole.Follower,
    };
}
