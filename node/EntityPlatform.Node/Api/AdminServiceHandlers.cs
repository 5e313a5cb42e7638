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
        var reply = new StatusReply { NodeId = scheduler.NodeId, DrainHoldRemainingMs = (ulong)(await scheduler.DrainRemainingAsync()).TotalMilliseconds };
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
                Fault = replica.Fault?.ToString() ?? "",
            });
        }

        return reply;
    }

    public override async Task<DrainReply> Drain(DrainRequest request, ServerCallContext context)
    {
        if (request.Undo)
        {
            if (request.TimeoutMs != 0 || request.HoldMs != 0)
            {
                throw RequestValidation.Invalid($"undo is true with timeout_ms {request.TimeoutMs} and hold_ms {request.HoldMs}; expected both 0 when ending a drain");
            }

            await scheduler.EndDrainAsync();
            return new DrainReply();
        }

        var hold = request.HoldMs == 0 ? DrainHold.DefaultHold : TimeSpan.FromMilliseconds(request.HoldMs);
        if (hold > DrainHold.MaxHold)
        {
            throw RequestValidation.Invalid($"hold_ms is {request.HoldMs}; expected at most {(long)DrainHold.MaxHold.TotalMilliseconds} (1 hour), or 0 for the default");
        }

        var timeout = request.TimeoutMs == 0 ? DefaultDrainTimeout : TimeSpan.FromMilliseconds(Math.Min(request.TimeoutMs, 300_000));
        var deadline = DateTime.UtcNow + timeout;
        var initial = await scheduler.DrainLeadershipAsync(hold);
        var remaining = initial;
        while (remaining > 0 && DateTime.UtcNow < deadline && !context.CancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, context.CancellationToken);
            remaining = await scheduler.DrainLeadershipAsync(hold);
        }

        return new DrainReply
        {
            LeadersMoved = (uint)Math.Max(0, initial - remaining),
            LeadersRemaining = (uint)remaining,
            HoldRemainingMs = (ulong)(await scheduler.DrainRemainingAsync()).TotalMilliseconds,
        };
    }

    public override async Task<ApplyPlacementReply> ApplyPlacement(ApplyPlacementRequest request, ServerCallContext context)
    {
        var placement = PlacementRequestReader.Placement(request, scheduler.Catalog);
        var addresses = PlacementRequestReader.Addresses(request);
        IReadOnlyList<ulong> conflicting = [];
        var inForce = await scheduler.ApplyPlacementAsync(placement, adopted =>
        {
            // Runs on the loop, atomically with the version decision.
            if (adopted)
            {
                foreach (var (node, address) in addresses)
                {
                    peers.Set(node, address.Internal);
                    if (address.Client is { } client)
                    {
                        clients.Set(node, client);
                    }
                }
            }
            else if (scheduler.PlacementVersion == placement.Version)
            {
                conflicting = addresses.Where(pair => Differs(peers, pair.Key, pair.Value.Internal) || (pair.Value.Client is { } client && Differs(clients, pair.Key, client)))
                    .Select(pair => pair.Key).ToArray();
            }
        });
        if (conflicting.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"nodes: the address of node {string.Join(", ", conflicting)} differs from the one in force at placement version {inForce} " +
                "(or the node is new); an address changes only together with a newer placement version"));
        }

        return new ApplyPlacementReply { AppliedVersion = (ulong)inForce };
    }

    private static bool Differs(PeerDirectory directory, ulong node, Uri address) => !directory.TryGet(node, out var known) || known != address;

    private static ReplicaRole RoleOf(StateRole role, bool learner) => learner ? ReplicaRole.Learner : role switch
    {
        StateRole.Leader => ReplicaRole.Leader,
        StateRole.Candidate => ReplicaRole.Candidate,
        StateRole.PreCandidate => ReplicaRole.PreCandidate,
        _ => ReplicaRole.Follower,
    };
}
