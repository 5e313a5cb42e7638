using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Running;

namespace EntityPlatform.Simulation.Tests;

public sealed class SeedRangeTests(CiSeedRange range) : IClassFixture<CiSeedRange>
{
    [Fact]
    public void Every_ci_seed_passes_safety_and_liveness()
    {
        var failed = range.Results.Where(result => !result.Passed).ToList();
        var report = failed.Count == 0 ? "" :
            $"{failed.Count} of {CiSeedRange.SeedCount} seeds failed: {string.Join(' ', failed.Select(result => result.Seed))}{Environment.NewLine}" +
            string.Join(Environment.NewLine + Environment.NewLine, failed.Take(3).Select(SeedRunner.Explain));
        Assert.True(failed.Count == 0, report);
    }

    /// <summary>TigerBeetle's coverage marks: if a change stops the simulator from reaching a feature, this fails instead of the feature going untested.</summary>
    [Fact]
    public void Every_coverage_mark_is_hit_over_the_ci_seed_range()
    {
        var missing = range.Marks.Missing().ToList();
        Assert.True(missing.Count == 0, $"coverage marks never hit: {string.Join(", ", missing)}{Environment.NewLine}{range.Marks}");
    }

    [Fact]
    public void The_ci_range_draws_every_cluster_shape()
    {
        var shapes = range.Results.Select(result => (result.Parameters.VoterCount, result.Parameters.LearnerCount)).ToHashSet();
        for (var voters = 1; voters <= 7; voters++)
        {
            for (var learners = 0; learners <= 2; learners++)
            {
                Assert.Contains((voters, learners), shapes);
            }
        }
    }
}
