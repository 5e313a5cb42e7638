namespace EntityPlatform.Primitives.Tests;

public sealed class InvariantTests
{
    [Fact]
    public void Assert_false_throws_with_the_failing_expression_in_the_message()
    {
        var applied = 5;
        var committed = 3;
        var error = Assert.Throws<InvariantViolationException>(() => Invariant.Assert(applied <= committed));
        Assert.Contains("applied <= committed", error.Message);
    }

    [Fact]
    public void Assert_true_does_not_throw()
    {
        Invariant.Assert(1 + 1 == 2);
    }

    [Fact]
    public void Assert_with_detail_includes_detail_and_expression()
    {
        var error = Assert.Throws<InvariantViolationException>(() => Invariant.Assert(false, "term went backwards"));
        Assert.Contains("term went backwards", error.Message);
        Assert.Contains("false", error.Message);
    }

    [Fact]
    public void Unreachable_always_throws()
    {
        Assert.Throws<InvariantViolationException>(() => Invariant.Unreachable("closed enum"));
    }

#if !DEBUG
    [Fact]
    public void Assert_is_active_in_release_builds()
    {
        Assert.Throws<InvariantViolationException>(() => Invariant.Assert(false));
    }
#endif
}
