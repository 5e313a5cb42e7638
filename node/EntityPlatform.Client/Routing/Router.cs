using EntityPlatform.Client.Calls;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Resilience;
using EntityPlatform.Contracts.Wire;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Client.Routing;

/// <summary>
/// Picks each attempt's node and learns from each failure. Preference: the leader a "not leader" answer
/// just named; the shard's leader from the map; any node whose circuit admits calls (every node forwards
/// to the leader itself, one hop); and when every circuit is open, any node at all, so that the call
/// fails fast on the open circuit instead of hanging.
/// </summary>
internal sealed class Router(LeaderMap map, EndpointBreakers breakers, IReadOnlyList<Uri> seeds, TopologyRefresher refresher,
    ClientMetrics metrics, ILogger logger)
{
    private readonly string scheme = seeds[0].Scheme;
    private int spread;

    public NodeTarget Choose(CallState call)
    {
        if (call.Hinted is { } hinted)
        {
            call.Hinted = null;
            if (breakers.Admits(hinted.Address))
            {
                return hinted;
            }
        }

        if (call.Shard is { } key)
        {
            var route = map.Route(key);
            if (call.AnyReplica && PickReplica(route, call) is { } replica)
            {
                return replica;
            }

            if (route.LeaderNodeId != 0 && map.AddressOf(route.LeaderNodeId) is { } leader && breakers.Admits(leader))
            {
                return new NodeTarget(route.LeaderNodeId, leader);
            }
        }

        return Fallback(call);
    }

    /// <summary>
    /// The node for a hedge of <paramref name="call"/>, or null when no other node is worth asking. Preference:
    /// a leader that an attempt of this call was just told about; the shard's leader in the map when it is not
    /// already being asked (another call may have learned a fresher one since this attempt began); another
    /// replica for reads any replica may serve; and any other node whose circuit admits calls, which forwards
    /// to the leader it knows. <paramref name="busy"/> are the addresses this attempt is already waiting on.
    /// </summary>
    public NodeTarget? ChooseHedge(CallState call, IReadOnlyCollection<Uri> busy)
    {
        if (call.Hinted is { } hinted)
        {
            call.Hinted = null;
            if (breakers.Admits(hinted.Address) && !busy.Contains(hinted.Address))
            {
                return hinted;
            }
        }

        if (call.Shard is { } key)
        {
            var route = map.Route(key);
            if (call.AnyReplica)
            {
                foreach (var nodeId in route.Replicas)
                {
                    if (map.AddressOf(nodeId) is { } address && breakers.Admits(address) && !busy.Contains(address))
                    {
                        return new NodeTarget(nodeId, address);
                    }
                }
            }

            if (route.LeaderNodeId != 0 && map.AddressOf(route.LeaderNodeId) is { } leader && breakers.Admits(leader) && !busy.Contains(leader))
            {
                return new NodeTarget(route.LeaderNodeId, leader);
            }
        }

        var others = map.Nodes().Select(node => new NodeTarget(node.Key, node.Value))
            .Concat(seeds.Select(seed => new NodeTarget(0, seed)))
            .DistinctBy(target => target.Address)
            .Where(target => breakers.Admits(target.Address) && !busy.Contains(target.Address))
            .ToArray();
        return others.Length == 0 ? null : others[(int)((uint)Interlocked.Increment(ref spread) % (uint)others.Length)];
    }

    /// <summary>Completes at the next change of some shard's leader in the map (a watch answer, a refresh, a hint).</summary>
    public Task NextLeaderChange => map.NextLeaderChange;

    /// <summary>
    /// Where to re-route a call whose attempts are all still waiting, once the client has learned something new
    /// (issue 19): a leader an attempt of this call was just told about, or the shard's leader in the map when
    /// no attempt is waiting on it (a watch, a refresh or another call's hint taught it since the attempts
    /// began). Null when nothing new is known, or for reads any replica may serve (a leader change does not
    /// concern them). <paramref name="busy"/> are the addresses the call is already waiting on.
    /// </summary>
    public NodeTarget? ChooseReroute(CallState call, IReadOnlyCollection<Uri> busy)
    {
        if (call.Hinted is { } hinted)
        {
            call.Hinted = null;
            if (breakers.Admits(hinted.Address) && !busy.Contains(hinted.Address))
            {
                return hinted;
            }
        }

        if (call.AnyReplica || call.Shard is not { } key)
        {
            return null;
        }

        var route = map.Route(key);
        return route.LeaderNodeId != 0 && map.AddressOf(route.LeaderNodeId) is { } leader && breakers.Admits(leader) && !busy.Contains(leader)
            ? new NodeTarget(route.LeaderNodeId, leader)
            : null;
    }

    /// <summary>
    /// A hedge answered while the attempt it hedged had not: the map may name a leader that has gone silent
    /// or been replaced, so ask for a refresh (coalesced) rather than let every later call pay a hedge delay.
    /// </summary>
    public void HedgeWon(CallState call, NodeTarget winner)
    {
        if (call.Shard is { } key && map.Route(key).LeaderNodeId != winner.NodeId)
        {
            _ = refresher.Request("hedge answered");
        }
    }

    /// <summary>
    /// The hedged attempt at <paramref name="target"/> was silent for the whole hedge-delay ceiling while
    /// another node answered: treat it like a timed-out attempt (suspect it for a break, forget it as leader),
    /// so later calls do not each pay a hedge delay on a paused or cut-off node.
    /// </summary>
    public void SilentLoser(CallState call, NodeTarget target)
    {
        breakers.Suspect(target.Address);
        Forget(call, target, "silent while a hedge answered");
    }

    /// <summary>Updates the map from a failed attempt; may set the call's next target (a hinted leader).</summary>
    public void Learn(CallState call, NodeTarget target, FailureKind kind, Exception error)
    {
        switch (kind)
        {
            case FailureKind.NotLeader:
                breakers.Answered(target.Address);
                var hint = (error as RpcException)?.Trailers.GetValue(ApiMetadata.LeaderHint);
                if (LeaderHint.TryParse(hint, scheme, out var leaderId, out var address) && leaderId != target.NodeId)
                {
                    FollowHint(call, leaderId, address!);
                    return;
                }

                Forget(call, target, "no leader known");
                return;
            case FailureKind.AttemptTimeout:
                // A silent node (paused, partitioned) costs one attempt, not one per call: no call goes there
                // until a break passes, even if a stale Topology answer still names it leader. A refused
                // connection fails in microseconds, so Unreachable is left to the circuit breaker: the node
                // answering UNAVAILABLE may be a live follower whose forward to a dead leader failed.
                breakers.Suspect(target.Address);
                Forget(call, target, ClientMetrics.ReasonName(kind));
                return;
            case FailureKind.Unreachable or FailureKind.CircuitOpen:
                Forget(call, target, ClientMetrics.ReasonName(kind));
                return;
            case FailureKind.Overloaded:
                breakers.Answered(target.Address);
                return;
        }
    }

    private void FollowHint(CallState call, ulong leaderId, Uri address)
    {
        // A hint names the node by id, but the map's address for that id is authoritative (the hint's
        // host is what the server sees, which may differ from what this client can reach).
        var known = map.AddressOf(leaderId) ?? address;
        if (call.Shard is { } key && map.ApplyHint(key, leaderId, known))
        {
            metrics.LeaderChanged("hint");
            ClientLog.FollowingHint(logger, key.ToString(), leaderId, known);
        }

        call.Hinted = new NodeTarget(leaderId, known);
        call.HintsFollowed++;
    }

    private void Forget(CallState call, NodeTarget target, string reason)
    {
        if (call.Shard is { } key && map.ForgetLeader(key, target.NodeId))
        {
            metrics.LeaderChanged("forgotten");
        }

        _ = refresher.Request(reason);
    }

    private NodeTarget? PickReplica(ShardRoute route, CallState call)
    {
        var replicas = route.Replicas;
        for (var i = 0; i < replicas.Count; i++)
        {
            var nodeId = replicas[(int)((uint)(Interlocked.Increment(ref spread) + i) % (uint)replicas.Count)];
            if (map.AddressOf(nodeId) is { } address && breakers.Admits(address) && nodeId != call.LastTarget?.NodeId)
            {
                return new NodeTarget(nodeId, address);
            }
        }

        return null;
    }

    private NodeTarget Fallback(CallState call)
    {
        var all = map.Nodes().Select(node => new NodeTarget(node.Key, node.Value))
            .Concat(seeds.Select(seed => new NodeTarget(0, seed)))
            .DistinctBy(target => target.Address)
            .ToArray();
        var admitted = all.Where(target => breakers.Admits(target.Address) && target.Address != call.LastTarget?.Address).ToArray();
        var candidates = admitted.Length > 0 ? admitted : all;
        return candidates[(int)((uint)Interlocked.Increment(ref spread) % (uint)candidates.Length)];
    }
}
