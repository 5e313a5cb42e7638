namespace EntityPlatform.Placement;

internal sealed partial class PlanState
{
    /// <summary>Moves single replicas from the most to the least loaded node until loads differ by at most one.</summary>
    public void Rebalance()
    {
        var movesLeft = TotalReplicas + 1;
        while (movesLeft-- > 0 && load.Count > 1)
        {
            var heaviest = load.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).First().Key;
            var lightest = load.OrderBy(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).First().Key;
            if (load[heaviest] - load[lightest] <= 1)
            {
                return;
            }

            var shard = Enumerable.Range(0, replicas.Length)
                .Where(s => replicas[s].Contains(heaviest) && !replicas[s].Contains(lightest))
                .OrderBy(s => ZoneCountAfterMove(s, heaviest, lightest) >= ZoneCount(s) ? 0 : 1)
                .ThenBy(s => replicas[s][0] == heaviest ? 1 : 0)
                .Select(s => (int?)s)
                .FirstOrDefault();
            Invariant.Assert(shard is not null, "a heavier node always holds a shard the lighter one lacks");
            Move(shard.Value, heaviest, lightest);
        }
    }

    /// <summary>
    /// Swaps replicas out of zones a shard uses twice into unused zones, when loads allow, until nothing
    /// changes (one swap can free load for another shard's, so a single pass would not be a fixpoint).
    /// </summary>
    public void ImproveZoneSpread()
    {
        var zoneCount = zoneOf.Values.Distinct().Count();
        var wanted = Math.Min(targetReplicas, zoneCount);
        for (var pass = 0; pass < TotalReplicas + 1; pass++)
        {
            var moved = false;
            for (var shard = 0; shard < replicas.Length; shard++)
            {
                moved |= ZoneCount(shard) < wanted && TrySpreadOneReplica(shard);
            }

            if (!moved)
            {
                return;
            }
        }
    }

    private bool TrySpreadOneReplica(int shard)
    {
        var usedZones = replicas[shard].Select(node => zoneOf[node]).ToHashSet();
        // Any member of a doubly used zone may move (not "the second one"), so the result does not depend
        // on replica order, which leader balancing changes afterwards.
        foreach (var duplicated in replicas[shard].GroupBy(node => zoneOf[node]).Where(group => group.Count() > 1)
            .SelectMany(group => group).OrderByDescending(node => load[node]).ThenBy(node => node, StringComparer.Ordinal))
        {
            var target = load.Keys.Where(node => !usedZones.Contains(zoneOf[node]) && load[node] < load[duplicated])
                .OrderBy(node => load[node]).ThenBy(node => node, StringComparer.Ordinal).FirstOrDefault();
            if (target is not null)
            {
                Move(shard, duplicated, target);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reorders replicas so preferred-leader counts differ by at most one where the replica sets allow it.
    /// Moves no data. Leadership shifts along a path: u leads a shard that v holds, v leads one that w
    /// holds...; shifting each step moves one leadership from the busiest node u to an idle w.
    /// </summary>
    public void BalancePreferredLeaders()
    {
        var leaders = load.Keys.ToDictionary(node => node, _ => 0, StringComparer.Ordinal);
        var shardsLedBy = load.Keys.ToDictionary(node => node, _ => new SortedSet<int>(), StringComparer.Ordinal);
        for (var shard = 0; shard < replicas.Length; shard++)
        {
            if (replicas[shard].Count > 0)
            {
                leaders[replicas[shard][0]]++;
                shardsLedBy[replicas[shard][0]].Add(shard);
            }
        }

        for (var step = 0; step < (replicas.Length * leaders.Count) + 1; step++)
        {
            // Try the busiest nodes first; the first one with a useful chain gives up one leadership.
            var fewest = leaders.Values.Min();
            var path = leaders.Where(pair => pair.Value >= fewest + 2)
                .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => FindLeaderShiftPath(pair.Key, leaders, shardsLedBy))
                .FirstOrDefault(candidate => candidate is not null);
            if (path is null)
            {
                return;
            }

            foreach (var (shard, to) in path)
            {
                var from = replicas[shard][0];
                replicas[shard].Remove(to);
                replicas[shard].Insert(0, to);
                leaders[from]--;
                leaders[to]++;
                shardsLedBy[from].Remove(shard);
                shardsLedBy[to].Add(shard);
            }
        }
    }

    /// <summary>
    /// Breadth-first search over "u leads a shard that v holds" from <paramref name="start"/>; returns the
    /// shift chain to the reachable node with the fewest leaderships, if that is two or more below start's.
    /// </summary>
    private List<(int Shard, string To)>? FindLeaderShiftPath(
        string start, Dictionary<string, int> leaders, Dictionary<string, SortedSet<int>> shardsLedBy)
    {
        var cameFrom = new Dictionary<string, (string Node, int Shard)>(StringComparer.Ordinal) { [start] = (start, -1) };
        var frontier = new Queue<string>([start]);
        while (frontier.Count > 0)
        {
            var node = frontier.Dequeue();
            foreach (var shard in shardsLedBy[node])
            {
                for (var i = 1; i < replicas[shard].Count; i++)
                {
                    var next = replicas[shard][i];
                    if (cameFrom.TryAdd(next, (node, shard)))
                    {
                        frontier.Enqueue(next);
                    }
                }
            }
        }

        var target = cameFrom.Keys.Where(node => node != start)
            .OrderBy(node => leaders[node]).ThenBy(node => node, StringComparer.Ordinal).FirstOrDefault();
        return target is not null && leaders[target] + 1 < leaders[start] ? Unwind(target, cameFrom) : null;
    }

    private static List<(int Shard, string To)> Unwind(string end, Dictionary<string, (string Node, int Shard)> cameFrom)
    {
        // Shifts are applied from the far end backwards so every intermediate node keeps its count.
        var path = new List<(int Shard, string To)>();
        for (var node = end; cameFrom[node].Shard >= 0; node = cameFrom[node].Node)
        {
            path.Add((cameFrom[node].Shard, node));
        }

        return path;
    }

    private void Move(int shard, string from, string to)
    {
        var position = replicas[shard].IndexOf(from);
        replicas[shard][position] = to;
        load[from]--;
        load[to]++;
    }

    private int ZoneCount(int shard) => replicas[shard].Select(node => zoneOf[node]).Distinct().Count();

    private int ZoneCountAfterMove(int shard, string from, string to) =>
        replicas[shard].Select(node => node == from ? to : node).Select(node => zoneOf[node]).Distinct().Count();
}
