using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

public sealed class LinearizabilityCheckerTests
{
    private static CheckResult Register(H h) => LinearizabilityChecker.Check(h.Ops, RegisterModel.Instance);

    private static CheckResult Counter(H h) => LinearizabilityChecker.Check(h.Ops, CounterModel.Instance);

    [Fact]
    public void Sequential_writes_and_reads_are_linearizable() =>
        Assert.Equal(Verdict.Linearizable, Register(new H().W(1, 0, 10).R(1, 20, 30).W(2, 40, 50).R(2, 60, 70)).Verdict);

    [Fact]
    public void A_read_concurrent_with_a_write_may_see_either_value()
    {
        Assert.Equal(Verdict.Linearizable, Register(new H().W(1, 0, 10).W(2, 20, 50).R(1, 25, 30)).Verdict);
        Assert.Equal(Verdict.Linearizable, Register(new H().W(1, 0, 10).W(2, 20, 50).R(2, 25, 30)).Verdict);
    }

    [Fact]
    public void Stale_read_after_an_acknowledged_write_is_caught_and_named()
    {
        var result = Register(new H().W(1, 0, 10).W(2, 20, 30).R(1, 40, 50));

        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        var violation = Assert.Single(result.Violations);
        Assert.Contains(violation.Offending, op => op.Kind == OpKind.Read && op.Value == 1);
        Assert.Contains("NOT linearizable", violation.Describe());
    }

    [Fact]
    public void Two_reads_observing_concurrent_writes_in_opposite_orders_are_caught()
    {
        // Writes 1 and 2 overlap each other and every read, so each order alone is legal; but reader A sees
        // 1 then 2 and reader B sees 2 then 1 in the same real-time windows, and one register cannot do both.
        var h = new H().W(1, 0, 100).W(2, 0, 100)
            .R(1, 10, 20).R(2, 30, 40)   // reader A: 1 before 2, so the order is 1, 2
            .R(2, 10, 20).R(1, 30, 40);  // reader B: 2 before 1, so the order is 2, 1
        Assert.Equal(Verdict.NotLinearizable, Register(h).Verdict);
    }

    [Fact]
    public void A_counter_read_that_loses_an_acknowledged_increment_is_caught()
    {
        var result = Counter(new H().Inc(1, 0, 10).Inc(1, 20, 30).R(1, 40, 50));

        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Contains(Assert.Single(result.Violations).Offending, op => op.Kind == OpKind.Read);
    }

    [Fact]
    public void Concurrent_counter_increments_allow_intermediate_reads() =>
        Assert.Equal(Verdict.Linearizable, Counter(new H().Inc(1, 0, 100).Inc(1, 0, 100).R(1, 10, 20).R(2, 30, 110)).Verdict);

    [Fact]
    public void An_indeterminate_write_may_have_taken_effect()
    {
        Assert.Equal(Verdict.Linearizable, Register(new H().W(1, 0, 10).WLost(2, 20).R(2, 100, 110)).Verdict);
        Assert.Equal(Verdict.Linearizable, Register(new H().W(1, 0, 10).WLost(2, 20).R(2, 100, 110).R(2, 120, 130)).Verdict);
    }

    [Fact]
    public void An_indeterminate_write_may_never_take_effect()
    {
        Assert.Equal(Verdict.Linearizable, Register(new H().W(1, 0, 10).WLost(2, 20).R(1, 100, 110)).Verdict);
        Assert.Equal(Verdict.Linearizable, Counter(new H().Inc(1, 0, 10).IncLost(5, 20).R(1, 100, 110)).Verdict);
    }

    [Fact]
    public void An_indeterminate_write_cannot_take_effect_before_it_was_invoked_or_be_undone()
    {
        Assert.Equal(Verdict.NotLinearizable, Register(new H().W(1, 0, 10).R(2, 20, 30).WLost(2, 40)).Verdict);
        Assert.Equal(Verdict.NotLinearizable, Register(new H().W(1, 0, 10).WLost(2, 20).R(2, 30, 40).R(1, 50, 60)).Verdict);
        Assert.Equal(Verdict.NotLinearizable, Counter(new H().IncLost(5, 0).R(5, 10, 20).R(0, 30, 40)).Verdict);
    }

    [Fact]
    public void Keys_are_checked_independently_and_only_the_bad_key_is_reported()
    {
        var h = new H().W(1, 0, 10, "a").R(1, 20, 30, "a").W(1, 0, 10, "b").W(2, 20, 30, "b").R(1, 40, 50, "b");
        var result = Register(h);

        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Equal("b", Assert.Single(result.Violations).Key);
        Assert.Equal(2, result.Keys.Count);
    }

    [Fact]
    public void A_search_beyond_its_budget_reports_unknown_instead_of_hanging()
    {
        // Many concurrent increments plus an impossible read: the search must explore a huge space to refute it.
        var h = new H();
        for (var i = 0; i < 40; i++)
        {
            h.Inc(1L << (i % 20), 0, 1000);
        }

        h.R(-1, 500, 600);
        var result = LinearizabilityChecker.Check(h.Ops, CounterModel.Instance, stepBudgetPerKey: 5_000);

        Assert.Equal(Verdict.Unknown, result.Verdict);
        Assert.Single(result.Undecided);
    }

    [Fact]
    public void A_long_sequential_history_does_not_overflow_the_stack()
    {
        var h = new H();
        for (var i = 0; i < 5_000; i++)
        {
            h.Inc(1, i * 10, i * 10 + 5);
        }

        h.R(5_000, 300_000, 300_010);
        Assert.Equal(Verdict.Linearizable, Counter(h).Verdict);
    }
}
