namespace EntityPlatform.Placement.Tests;

/// <summary>
/// Stepping from a published placement to the planner's target over random clusters (scale-out, scale-in,
/// replacement): every step moves each node in at most one shard, and replanning from each step reaches
/// the planner's fixed point in a bounded number of steps. A failure names the seed.
/// </summary>
public sealed class PlacementStepperTests
{
    private const int Cases = 1_000;

    [Fact]
    public void Each_step_involves_every_node_in_at_most_one_shard_move_and_the_steps_reach_the_plan()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var shards = random.Next(1, 65);
            var factor = new[] { 1, 3, 5 }[random.Next(3)];
            var nodes = Nodes(random.Next(factor, 8), zones: random.Next(1, 4)).ToList();
            var current = PlacementPlanner.Plan(new PlacementRequest(shards, factor, nodes, null));

            // Scale out by one or two nodes, or in by one (never below the replication factor).
            if (random.Next(3) > 0 || nodes.Count == factor)
            {
                nodes.AddRange(Enumerable.Range(0, random.Next(1, 3)).Select(i => new PlacementNode($"new-{i}", $"z{random.Next(3)}")));
            }
            else
            {
                nodes.RemoveAt(random.Next(nodes.Count));
            }

            var steps = 0;
            while (true)
            {
                var target = PlacementPlanner.Plan(new PlacementRequest(shards, factor, nodes, current));
                var next = PlacementStepper.NextStep(current, target);
                if (next.Version == current.Version)
                {
                    Assert.True(target.SamePlacementAs(current), $"seed {seed}: stepping stopped short of the plan at {current}");
                    break;
                }

                AssertAtMostOneMovePerNode(seed, current, next);
                Assert.True(next.Version == current.Version + 1, $"seed {seed}: step version {next.Version} after {current.Version}");
                current = next;
                steps++;
                Assert.True(steps <= shards * factor + 1, $"seed {seed}: {steps} steps for {shards} shards without reaching the plan");
            }
        }
    }

    [Fact]
    public void A_placement_already_at_the_target_is_returned_unchanged()
    {
        var plan = PlacementPlanner.Plan(new PlacementRequest(8, 3, Nodes(4, 1), null));
        Assert.Same(plan, PlacementStepper.NextStep(plan, plan));
    }

    [Fact]
    public void Bad_arguments_name_what_was_expected()
    {
        var plan = PlacementPlanner.Plan(new PlacementRequest(8, 3, Nodes(4, 1), null));
        var other = PlacementPlanner.Plan(new PlacementRequest(4, 3, Nodes(4, 1), null));
        Assert.Contains("the shard count is fixed", Assert.Throws<ArgumentException>(() => PlacementStepper.NextStep(plan, other)).Message);
        Assert.Contains("maxMovesPerNode must be at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => PlacementStepper.NextStep(plan, plan, 0)).Message);
    }

    private static void AssertAtMostOneMovePerNode(int seed, ShardMap before, ShardMap after)
    {
        var moves = new Dictionary<string, int>();
        for (var shard = 0; shard < before.Shards.Count; shard++)
        {
            var from = before.Shards[shard].Replicas;
            var to = after.Shards[shard].Replicas;
            foreach (var node in to.Except(from).Concat(from.Except(to)))
            {
                moves[node] = moves.GetValueOrDefault(node) + 1;
                Assert.True(moves[node] <= 1, $"seed {seed}: node {node} takes part in two shard moves in one step ({before} -> {after})");
            }
        }
    }

    private static PlacementNode[] Nodes(int count, int zones) =>
        Enumerable.Range(0, count).Select(i => new PlacementNode($"node-{i}", $"z{i % Math.Max(zones, 1)}")).ToArray();
}
