using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

/// <summary>Which checker judges which read, and that only a proof passes.</summary>
public sealed class ReadConsistencyCheckingTests
{
    [Fact]
    public void A_stale_lease_read_is_a_linearizability_violation()
    {
        // The shape of a deposed leader answering from its old lease: increment 2 completed before the read began.
        var result = LinearizabilityChecker.Check(new H().Inc(1, 0, 10).Inc(1, 20, 30).RLease(1, 40, 50).Ops, CounterModel.Instance);

        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.False(result.Passed);
        Assert.Contains(Assert.Single(result.Violations).Offending, op => op.Consistency == ReadConsistency.Lease);
        Assert.Contains("/lease", Assert.Single(result.Violations).Describe());
    }

    [Fact]
    public void A_fresh_lease_read_is_linearizable() =>
        Assert.True(LinearizabilityChecker.Check(new H().Inc(1, 0, 10).Inc(1, 20, 30).RLease(2, 40, 50).Ops, CounterModel.Instance).Passed);

    [Fact]
    public void A_bounded_read_within_its_bound_is_not_held_to_linearizability()
    {
        // Linearizability would reject this read (it misses increment 2), but its bound allows it, and the
        // staleness checker agrees.
        var h = new H().Inc(1, 0, 10).Inc(1, 20, 30).RBounded(1, 40, 50, maxStaleness: 100);

        Assert.True(LinearizabilityChecker.Check(h.Ops, CounterModel.Instance).Passed);
        Assert.True(StalenessChecker.Check(h.Ops, CounterModel.Instance).Ok);
    }

    [Fact]
    public void An_unknown_verdict_does_not_pass()
    {
        // A budget of one step cannot decide a history with two acknowledged ops.
        var result = LinearizabilityChecker.Check(new H().Inc(1, 0, 10).R(1, 20, 30).Ops, CounterModel.Instance, stepBudgetPerKey: 1);

        Assert.Equal(Verdict.Unknown, result.Verdict);
        Assert.False(result.Passed);
        Assert.Single(result.Undecided);
    }
}
