namespace EntityPlatform.Placement.Tests;

/// <summary>
/// Properties of the planner over thousands of random clusters and histories (nodes joining, leaving,
/// zones). Each case derives from a seed; a failure names the seed so it can be replayed.
/// </summary>
public sealed class PlacementPropertyTests
{
    private const int Cases = 1_500;

    [Fact]
    public void Every_plan_is_complete_never_colocated_and_balanced()
    {
        ForEachHistory((seed, request, plan) =>
        {
            var target = Math.Min(request.ReplicationFactor, request.ReadyNodes.Count);
            var ready = request.ReadyNodes.Select(node => node.Name).ToHashSet();
            foreach (var shard in plan.Shards)
            {
                Assert.True(shard.Replicas.Count == target, $"seed {seed}: shard {shard.Shard} has {shard.Replicas.Count} replicas, expected {target}");
                Assert.True(shard.Replicas.Distinct().Count() == shard.Replicas.Count, $"seed {seed}: shard {shard.Shard} has two replicas on one node");
                Assert.True(shard.Replicas.All(ready.Contains), $"seed {seed}: shard {shard.Shard} uses a node that is not ready");
            }

            var loads = request.ReadyNodes.Select(node => plan.Shards.Count(shard => shard.Replicas.Contains(node.Name))).ToArray();
            Assert.True(loads.Max() - loads.Min() <= 1, $"seed {seed}: replica loads {string.Join(',', loads)} differ by more than one");
        });
    }

    [Fact]
    public void Preferred_leaders_are_balanced_within_one()
    {
        ForEachHistory((seed, request, plan) =>
        {
            var leaders = request.ReadyNodes.Select(node => plan.Shards.Count(shard => shard.PreferredLeader == node.Name)).ToArray();
            Assert.True(leaders.Max() - leaders.Min() <= 1, $"seed {seed}: preferred leaders {string.Join(',', leaders)} differ by more than one");
        });
    }

    [Fact]
    public void Planning_again_with_the_same_nodes_changes_nothing_and_keeps_the_version()
    {
        ForEachHistory((seed, request, plan) =>
        {
            var again = PlacementPlanner.Plan(request with { Current = plan });
            Assert.True(again.SamePlacementAs(plan), $"seed {seed}: a second plan moved replicas");
            Assert.Equal(plan.Version, again.Version);
        });
    }

    [Fact]
    public void Adding_one_node_moves_at_most_its_share_of_replicas_in_one_zone()
    {
        AssertMovesWhenAddingANode(zones: 1, slackFraction: 0);
    }

    [Fact]
    public void Adding_one_node_across_zones_moves_little_more_than_its_share()
    {
        // Zone spreading may swap a few extra replicas into the new node's zone.
        AssertMovesWhenAddingANode(zones: 3, slackFraction: 0.25);
    }

    private static void AssertMovesWhenAddingANode(int zones, double slackFraction)
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var shards = random.Next(1, 65);
            var factor = new[] { 1, 3, 5 }[random.Next(3)];
            var nodes = Nodes(random.Next(factor, 8), zones);
            var before = PlacementPlanner.Plan(new PlacementRequest(shards, factor, nodes, null));
            var grown = nodes.Append(new PlacementNode("node-new", "z0")).ToArray();
            var after = PlacementPlanner.Plan(new PlacementRequest(shards, factor, grown, before));
            var share = (shards * factor + grown.Length - 1) / grown.Length;
            var allowed = share + (int)Math.Ceiling(share * slackFraction);
            var moves = PlacementPlanner.CountMoves(before, after);
            Assert.True(moves <= allowed, $"seed {seed}: adding a node moved {moves} replicas, its share is {share} (allowed {allowed})");
        }
    }

    [Fact]
    public void Removing_a_node_moves_only_its_replicas_plus_rebalancing()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var shards = random.Next(1, 65);
            var nodes = Nodes(random.Next(4, 9), zones: 3);
            var before = PlacementPlanner.Plan(new PlacementRequest(shards, 3, nodes, null));
            var lost = nodes[random.Next(nodes.Length)].Name;
            var after = PlacementPlanner.Plan(new PlacementRequest(shards, 3, nodes.Where(n => n.Name != lost).ToArray(), before));
            var orphaned = before.Shards.Count(shard => shard.Replicas.Contains(lost));
            var moves = PlacementPlanner.CountMoves(before, after);
            Assert.True(moves <= orphaned + 1 + (shards * 3 / nodes.Length), $"seed {seed}: removing {lost} ({orphaned} replicas) moved {moves}");
            Assert.True(after.Version == (orphaned > 0 ? before.Version + 1 : before.Version), $"seed {seed}: version {after.Version} after removing {lost}");
        }
    }

    [Fact]
    public void Replicas_spread_over_zones_when_enough_zones_exist()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var zones = random.Next(3, 5);
            var nodes = Nodes(zones * random.Next(1, 3), zones);
            var plan = PlacementPlanner.Plan(new PlacementRequest(random.Next(1, 65), 3, nodes, null));
            var zoneOf = nodes.ToDictionary(node => node.Name, node => node.Zone);
            foreach (var shard in plan.Shards)
            {
                Assert.True(shard.Replicas.Select(node => zoneOf[node]).Distinct().Count() == 3,
                    $"seed {seed}: shard {shard} does not span 3 zones");
            }
        }
    }

    [Theory]
    [InlineData(0, 3, "shards is 0")]
    [InlineData(4, 2, "replicationFactor is 2")]
    [InlineData(4, 9, "replicationFactor is 9")]
    public void Invalid_requests_name_the_bad_field(int shards, int factor, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => PlacementPlanner.Plan(new PlacementRequest(shards, factor, Nodes(3, 1), null)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Changing_the_shard_count_is_refused()
    {
        var plan = PlacementPlanner.Plan(new PlacementRequest(4, 3, Nodes(3, 1), null));
        var error = Assert.Throws<ArgumentException>(() => PlacementPlanner.Plan(new PlacementRequest(8, 3, Nodes(3, 1), plan)));
        Assert.Contains("the shard count is fixed", error.Message);
    }

    [Fact]
    public void Fewer_nodes_than_the_replication_factor_still_places_one_replica_per_node()
    {
        var plan = PlacementPlanner.Plan(new PlacementRequest(8, 3, Nodes(2, 1), null));
        Assert.All(plan.Shards, shard => Assert.Equal(2, shard.Replicas.Count));
    }

    /// <summary>Random histories: each seed plans, then applies a few joins and departures, checking every plan.</summary>
    private static void ForEachHistory(Action<int, PlacementRequest, ShardMap> check)
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var shards = random.Next(1, 97);
            var factor = new[] { 1, 3, 5, 7 }[random.Next(4)];
            var nodes = Nodes(random.Next(1, 10), zones: random.Next(1, 4)).ToList();
            ShardMap? current = null;
            for (var step = 0; step < 4; step++)
            {
                var request = new PlacementRequest(shards, factor, nodes.ToArray(), current);
                current = PlacementPlanner.Plan(request);
                check(seed, request, current);
                if (random.Next(2) == 0 && nodes.Count > 1)
                {
                    nodes.RemoveAt(random.Next(nodes.Count));
                }
                else
                {
                    nodes.Add(new PlacementNode($"node-x{seed}-{step}", $"z{random.Next(3)}"));
                }
            }
        }
    }

    private static PlacementNode[] Nodes(int count, int zones) =>
        Enumerable.Range(0, count).Select(i => new PlacementNode($"node-{i}", $"z{i % Math.Max(zones, 1)}")).ToArray();
}
