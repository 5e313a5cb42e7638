using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Reports;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>A run passes (exit code 0) only when every check proves it clean; Unknown and stale bounded reads fail it.</summary>
public sealed class RunVerdictTests
{
    private static SystemRunResult Run(Verdict verdict, StalenessResult? staleness = null)
    {
        var key = new KeyResult("k0", verdict, 1, 1, [], []);
        return new SystemRunResult("s", "counter", [], new LoadResult(0, 0), [], [], new CheckResult(verdict, [key]),
            new DurabilityResult(1, 0, []), 0, 1, staleness);
    }

    [Fact]
    public void A_linearizable_run_without_stale_reads_is_clean()
    {
        Assert.True(Run(Verdict.Linearizable, new StalenessResult(3, [])).Clean);
        Assert.True(MarkdownReport.Clean([Run(Verdict.Linearizable)]));
    }

    [Fact]
    public void An_unknown_verdict_fails_the_run_and_is_named()
    {
        var run = Run(Verdict.Unknown);

        Assert.False(run.Clean);
        Assert.False(MarkdownReport.Clean([Run(Verdict.Linearizable), run]));
        Assert.Contains(run.Findings(), finding => finding.Contains("not proven linearizable"));
    }

    [Fact]
    public void A_stale_bounded_read_fails_the_run()
    {
        var read = new Operation(1, "k0", OpKind.Read, 0, 100, 110, OpOutcome.Ok, ReadConsistency.BoundedStaleness, 10);
        var run = Run(Verdict.Linearizable, new StalenessResult(1, [new StaleRead(read, "returned 0", [])]));

        Assert.False(run.Clean);
        Assert.Contains(run.Findings(), finding => finding.StartsWith("stale bounded read", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_mix_parses_weights_and_names_a_bad_mode()
    {
        Assert.Equal(new ReadMix(0, 1, 2), ReadMix.Parse("lease=1,bounded=2"));
        Assert.Contains("unknown read mode 'stale'", Assert.Throws<ArgumentException>(() => ReadMix.Parse("stale=1")).Message);
        Assert.Contains("every weight is 0", Assert.Throws<ArgumentException>(() => ReadMix.Parse("lease=0")).Message);
    }

    [Fact]
    public void Read_mix_draws_only_modes_the_system_offers()
    {
        var random = new Random(1);
        var mix = new ReadMix(0, 1, 1);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(ReadConsistency.Linearizable, mix.Pick(random, [ReadConsistency.Linearizable])));
        var drawn = Enumerable.Range(0, 200).Select(_ => mix.Pick(random, [ReadConsistency.Linearizable, ReadConsistency.Lease, ReadConsistency.BoundedStaleness])).ToHashSet();
        Assert.Equal([ReadConsistency.Lease, ReadConsistency.BoundedStaleness], drawn.Order());
    }
}
