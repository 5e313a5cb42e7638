using System.Collections.Concurrent;
using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Client.Routing;

/// <summary>
/// The client's view of the cluster: shard counts per entity type, node addresses, and each shard's leader
/// with its term. Reads are lock-free (the hot path); writes are rare (refreshes, hints) and serialized so
/// the term comparison and the swap are one step.
/// </summary>
internal sealed class LeaderMap
{
    private readonly ConcurrentDictionary<string, int> shardCounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ShardKey, ShardRoute> routes = new();
    private readonly ConcurrentDictionary<ulong, Uri> nodes = new();
    private readonly Lock gate = new();

    /// <summary>Bumped on every change, so tests and logs can tell whether an update did anything.</summary>
    public long Version { get; private set; }

    private TaskCompletionSource leaderChange = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes at the next change of some shard's leader to a known node (a merge, a watch answer or a hint),
    /// so calls in flight can re-route at once (issue 19). One shared task per change, whatever the number of waiters.
    /// </summary>
    public Task NextLeaderChange => Volatile.Read(ref leaderChange).Task;

    public bool HasTopology => !shardCounts.IsEmpty;

    public int? ShardCount(string entityType) => shardCounts.TryGetValue(entityType, out var count) ? count : null;

    public ShardRoute Route(ShardKey key) => routes.TryGetValue(key, out var route) ? route : ShardRoute.Unknown;

    public Uri? AddressOf(ulong nodeId) => nodes.TryGetValue(nodeId, out var address) ? address : null;

    public IReadOnlyList<KeyValuePair<ulong, Uri>> Nodes() => nodes.OrderBy(pair => pair.Key).ToArray();

    /// <summary>
    /// Folds the answers of one refresh in. Shard counts and node addresses are taken as reported; each
    /// shard's leader follows the highest term seen (a leader of the same term replaces a hinted or unknown
    /// one). Replica sets are replaced by what these answers report.
    /// </summary>
    /// <returns>How many shards changed leader.</returns>
    public int Merge(IReadOnlyList<TopologyReply> replies)
    {
        var changed = 0;
        lock (gate)
        {
            var replicas = new Dictionary<ShardKey, List<ulong>>();
            foreach (var reply in replies)
            {
                LearnNodesAndShardCounts(reply);
                foreach (var type in reply.EntityTypes)
                {
                    foreach (var leader in type.Leaders)
                    {
                        var key = new ShardKey(type.Name, (int)leader.ShardId);
                        AddReplica(replicas, key, reply.NodeId);
                        changed += Observe(key, leader.LeaderNodeId, leader.Term) ? 1 : 0;
                    }
                }
            }

            foreach (var (key, holders) in replicas)
            {
                routes[key] = Route(key) with { Replicas = holders.Distinct().Order().ToArray() };
            }

            Version++;
            SignalIf(changed > 0);
        }

        return changed;
    }

    /// <summary>
    /// Folds in one node's watch answer: like <see cref="Merge"/>, but replica sets only grow (one node reports
    /// only its own replicas, so it cannot say which replicas the others hold; refreshes replace them).
    /// </summary>
    /// <returns>How many shards changed leader.</returns>
    public int MergeWatched(TopologyReply reply)
    {
        var changed = 0;
        lock (gate)
        {
            LearnNodesAndShardCounts(reply);
            foreach (var type in reply.EntityTypes)
            {
                foreach (var leader in type.Leaders)
                {
                    var key = new ShardKey(type.Name, (int)leader.ShardId);
                    changed += Observe(key, leader.LeaderNodeId, leader.Term) ? 1 : 0;
                    var route = Route(key);
                    if (reply.NodeId != 0 && !route.Replicas.Contains(reply.NodeId))
                    {
                        routes[key] = route with { Replicas = route.Replicas.Append(reply.NodeId).Order().ToArray() };
                    }
                }
            }

            Version++;
            SignalIf(changed > 0);
        }

        return changed;
    }

    /// <summary>Under the gate: the node addresses and shard counts a reply names (the same in a refresh and a watch).</summary>
    private void LearnNodesAndShardCounts(TopologyReply reply)
    {
        foreach (var node in reply.Nodes)
        {
            if (node.NodeId != 0 && Uri.TryCreate(node.Address, UriKind.Absolute, out var address))
            {
                nodes[node.NodeId] = address;
            }
        }

        foreach (var type in reply.EntityTypes)
        {
            if (type.Shards > 0)
            {
                shardCounts[type.Name] = (int)type.Shards;
            }
        }
    }

    private void SignalIf(bool changed)
    {
        if (changed)
        {
            Interlocked.Exchange(ref leaderChange, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>A node named another as leader. Hints carry no term, so the term stays; a fresh Topology answer can still override it.</summary>
    public bool ApplyHint(ShardKey key, ulong leaderNodeId, Uri address)
    {
        lock (gate)
        {
            nodes.TryAdd(leaderNodeId, address);
            var route = Route(key);
            if (route.LeaderNodeId == leaderNodeId)
            {
                return false;
            }

            routes[key] = route with { LeaderNodeId = leaderNodeId, FromHint = true };
            Version++;
            SignalIf(true);
            return true;
        }
    }

    /// <summary>The leader we used failed us (unreachable, or "not leader" with no hint): stop routing to it until a refresh says otherwise.</summary>
    public bool ForgetLeader(ShardKey key, ulong leaderNodeId)
    {
        lock (gate)
        {
            var route = Route(key);
            if (route.LeaderNodeId != leaderNodeId || leaderNodeId == 0)
            {
                return false;
            }

            routes[key] = route with { LeaderNodeId = 0, FromHint = false };
            Version++;
            return true;
        }
    }

    private bool Observe(ShardKey key, ulong leader, ulong term)
    {
        var route = Route(key);
        var newer = term > route.Term;
        var sameTermBetter = term == route.Term && leader != 0 && (route.LeaderNodeId == 0 || route.FromHint);
        if (!newer && !sameTermBetter)
        {
            return false;
        }

        routes[key] = route with { LeaderNodeId = leader, Term = term, FromHint = false };
        return route.LeaderNodeId != leader;
    }

    private static void AddReplica(Dictionary<ShardKey, List<ulong>> replicas, ShardKey key, ulong nodeId)
    {
        if (!replicas.TryGetValue(key, out var list))
        {
            replicas[key] = list = [];
        }

        list.Add(nodeId);
    }
}
