namespace EntityPlatform.Placement;

/// <summary>The planner's working state: per-shard replica lists and per-node load, always in name order.</summary>
internal sealed partial class PlanState
{
    private readonly List<string>[] replicas;
    private readonly SortedDictionary<string, int> load = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> zoneOf = new(StringComparer.Ordinal);
    private readonly PlacementRequest request;
    private readonly int targetReplicas;

    public PlanState(PlacementRequest request)
    {
        this.request = request;
        foreach (var node in request.ReadyNodes)
        {
            load[node.Name] = 0;
            zoneOf[node.Name] = node.Zone;
        }

        targetReplicas = Math.Min(request.ReplicationFactor, load.Count);
        replicas = Enumerable.Range(0, request.Shards).Select(_ => new List<string>()).ToArray();
    }

    private int TotalReplicas => request.Shards * targetReplicas;

    public void KeepReplicasOnReadyNodes()
    {
        if (request.Current is null)
        {
            return;
        }

        foreach (var shard in request.Current.Shards)
        {
            foreach (var node in shard.Replicas)
            {
                if (load.ContainsKey(node) && !replicas[shard.Shard].Contains(node))
                {
                    Add(shard.Shard, node);
                }
            }
        }
    }

    public void TrimOverReplicatedShards()
    {
        for (var shard = 0; shard < replicas.Length; shard++)
        {
            while (replicas[shard].Count > targetReplicas)
            {
                // Drop from the most loaded node, never the preferred leader when another choice exists.
                var victim = replicas[shard].Skip(1).OrderByDescending(node => load[node]).ThenBy(node => node, StringComparer.Ordinal)
                    .FirstOrDefault() ?? replicas[shard][0];
                Remove(shard, victim);
            }
        }
    }

    public void FillMissingReplicas()
    {
        for (var shard = 0; shard < replicas.Length; shard++)
        {
            while (replicas[shard].Count < targetReplicas)
            {
                var best = BestNewHome(shard, exclude: null);
                Invariant.Assert(best is not null, $"shard {shard} has {replicas[shard].Count} replicas and no free node");
                Add(shard, best);
            }
        }
    }

    /// <summary>
    /// A node without this shard, among those within one replica of the lightest load: preferring a zone the
    /// shard does not use yet, then the lighter node. Placing by zone here saves a later zone swap (a move).
    /// </summary>
    private string? BestNewHome(int shard, string? exclude)
    {
        var usedZones = replicas[shard].Where(node => node != exclude).Select(node => zoneOf[node]).ToHashSet();
        var candidates = load.Keys.Where(node => !replicas[shard].Contains(node)).ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var lightest = candidates.Min(node => load[node]);
        return candidates
            .Where(node => load[node] <= lightest + 1)
            .OrderBy(node => usedZones.Contains(zoneOf[node]) ? 1 : 0)
            .ThenBy(node => load[node])
            .ThenBy(node => node, StringComparer.Ordinal)
            .First();
    }

    private void Add(int shard, string node)
    {
        replicas[shard].Add(node);
        load[node]++;
    }

    private void Remove(int shard, string node)
    {
        replicas[shard].Remove(node);
        load[node]--;
    }

    public IReadOnlyList<ShardPlacement> ToShardPlacements() =>
        replicas.Select((nodes, shard) => new ShardPlacement(shard, nodes.ToArray())).ToArray();
}
