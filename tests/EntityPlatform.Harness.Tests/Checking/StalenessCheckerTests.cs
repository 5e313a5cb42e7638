using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

/// <summary>
/// The bounded-staleness promise on hand-made histories: a read invoked at t with bound S must not return a
/// state older than what was committed at t - S. Each rule has a history that must fail and one that must pass.
/// </summary>
public sealed class StalenessCheckerTests
{
    private static StalenessResult Counter(H h) => StalenessChecker.Check(h.Ops, CounterModel.Instance);

    private static StalenessResult Register(H h) => StalenessChecker.Check(h.Ops, RegisterModel.Instance);

    [Fact]
    public void Counter_read_missing_an_increment_acknowledged_before_its_horizon_is_stale()
    {
        // Two increments acknowledged by 30; the read at 200 with bound 100 has horizon 100, and returns 1.
        var result = Counter(new H().Inc(1, 0, 10).Inc(1, 20, 30).RBounded(1, 200, 210, maxStaleness: 100));

        var stale = Assert.Single(result.Violations);
        Assert.Equal(1, stale.Read.Value);
        Assert.Equal(2, stale.Evidence.Count);
        Assert.Contains("horizon 100", stale.Describe());
        Assert.Equal(1, result.ReadsChecked);
    }

    [Fact]
    public void Counter_read_missing_only_increments_acknowledged_after_its_horizon_keeps_its_promise()
    {
        // The second increment completed at 150, after the horizon 100: missing it is within the bound.
        var result = Counter(new H().Inc(1, 0, 10).Inc(1, 120, 150).RBounded(1, 200, 210, maxStaleness: 100));

        Assert.True(result.Ok, string.Join("\n", result.Violations.Select(v => v.Describe())));
        Assert.Equal(1, result.ReadsChecked);
    }

    [Fact]
    public void The_horizon_is_inclusive_and_moves_with_the_bound()
    {
        // Acknowledged exactly at the horizon counts as committed by it.
        Assert.False(Counter(new H().Inc(1, 0, 100).RBounded(0, 200, 210, maxStaleness: 100)).Ok);
        // A bound one unit wider puts the horizon before the acknowledgement.
        Assert.True(Counter(new H().Inc(1, 0, 100).RBounded(0, 200, 210, maxStaleness: 101)).Ok);
    }

    [Fact]
    public void Counter_read_above_every_increment_invoked_before_it_completed_is_reported()
    {
        var result = Counter(new H().Inc(1, 0, 10).RBounded(2, 20, 30, maxStaleness: 5).Inc(1, 40, 50));

        Assert.Contains("more than every increment", Assert.Single(result.Violations).Reason);
    }

    [Fact]
    public void Counter_indeterminate_increments_may_be_seen_but_are_never_required()
    {
        Assert.True(Counter(new H().IncLost(1, 0).RBounded(1, 500, 510, maxStaleness: 100)).Ok);
        Assert.True(Counter(new H().IncLost(1, 0).RBounded(0, 500, 510, maxStaleness: 100)).Ok);
    }

    [Fact]
    public void Bounded_reads_need_not_be_monotonic()
    {
        // Both reads are within their bound; the second sees less than the first, which bounded staleness allows.
        var result = Counter(new H().Inc(1, 0, 10).Inc(1, 100, 110).RBounded(2, 120, 130, maxStaleness: 50).RBounded(1, 140, 150, maxStaleness: 50));

        Assert.True(result.Ok, string.Join("\n", result.Violations.Select(v => v.Describe())));
    }

    [Fact]
    public void Register_read_of_a_value_overwritten_before_its_horizon_is_stale()
    {
        // Write 2 began after write 1 finished and was acknowledged at 30; the read's horizon is 100.
        var result = Register(new H().W(1, 0, 10).W(2, 20, 30).RBounded(1, 200, 210, maxStaleness: 100));

        var stale = Assert.Single(result.Violations);
        Assert.Equal(2, Assert.Single(stale.Evidence).Value);
    }

    [Fact]
    public void Register_read_of_a_value_overwritten_after_its_horizon_keeps_its_promise() =>
        Assert.True(Register(new H().W(1, 0, 10).W(2, 150, 160).RBounded(1, 200, 210, maxStaleness: 100)).Ok);

    [Fact]
    public void Register_read_of_a_value_concurrent_with_its_overwrite_keeps_its_promise() =>
        // Write 1 and write 2 overlap, so write 1 may have taken effect last.
        Assert.True(Register(new H().W(1, 0, 40).W(2, 20, 30).RBounded(1, 200, 210, maxStaleness: 100)).Ok);

    [Fact]
    public void Register_read_of_the_initial_value_after_an_acknowledged_write_is_stale_only_past_the_bound()
    {
        Assert.False(Register(new H().W(1, 0, 10).RBounded(0, 200, 210, maxStaleness: 100)).Ok);
        Assert.True(Register(new H().W(1, 0, 10).RBounded(0, 200, 210, maxStaleness: 195)).Ok);
    }

    [Fact]
    public void Register_read_of_a_value_nobody_wrote_is_reported()
    {
        Assert.Contains("no write", Assert.Single(Register(new H().W(1, 0, 10).RBounded(7, 20, 30, maxStaleness: 100)).Violations).Reason);
        // A failed write never took effect, so its value cannot be read either.
        Assert.False(Register(new H().WFailed(7, 0, 10).RBounded(7, 20, 30, maxStaleness: 100)).Ok);
    }

    [Fact]
    public void Linearizable_and_lease_reads_are_not_judged_here()
    {
        var result = Counter(new H().Inc(1, 0, 10).R(0, 200, 210).RLease(0, 220, 230));

        Assert.True(result.Ok);
        Assert.Equal(0, result.ReadsChecked);
    }
}
