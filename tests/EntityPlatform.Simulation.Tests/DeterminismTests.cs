using EntityPlatform.Simulation.Running;
using EntityPlatform.Simulation.Tracing;

namespace EntityPlatform.Simulation.Tests;

/// <summary>A seed is only a reproduction if it replays exactly: same trace, line for line.</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    [InlineData(12_345UL)]
    public void The_same_seed_produces_the_same_trace_twice(ulong seed)
    {
        var first = Traced(seed, out var firstResult);
        var second = Traced(seed, out var secondResult);
        Assert.True(first.Length > 1_000, "the trace should record the run");
        Assert.Equal(firstResult.Failure, secondResult.Failure);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Parallel_runs_match_a_sequential_run()
    {
        var (parallel, _) = SeedRunner.RunMany(100, 16);
        foreach (var result in parallel)
        {
            var sequential = SeedRunner.RunOne(result.Seed, TraceLog.Off());
            Assert.Equal(sequential.Failure, result.Failure);
            Assert.Equal(sequential.Ticks, result.Ticks);
            Assert.Equal(sequential.Marks.ToString(), result.Marks.ToString());
        }
    }

    private static string Traced(ulong seed, out SeedResult result)
    {
        var writer = new StringWriter();
        result = SeedRunner.RunOne(seed, TraceLog.Full(writer));
        return writer.ToString();
    }
}
