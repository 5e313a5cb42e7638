using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

public sealed class DurabilityCheckerTests
{
    [Fact]
    public void Register_holding_the_last_acknowledged_write_is_durable()
    {
        var h = new H().W(1, 0, 10).W(2, 20, 30).WLost(3, 40);
        Assert.True(DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 2 }, RegisterModel.Instance).Ok);
        Assert.True(DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 3 }, RegisterModel.Instance).Ok);
    }

    [Fact]
    public void Register_that_rolled_back_to_an_older_write_loses_the_newer_one()
    {
        // The shape of an ack-before-fsync loss: write 2 was acknowledged, then a crash lost it, and the key
        // came back holding write 1.
        var h = new H().W(1, 0, 10).W(2, 20, 30);
        var result = DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 1 }, RegisterModel.Instance);

        Assert.False(result.Ok);
        var lost = Assert.Single(result.Lost);
        Assert.Equal(2, Assert.Single(lost.Writes).Value);
    }

    [Fact]
    public void Register_that_vanished_entirely_is_reported()
    {
        var h = new H().W(1, 0, 10);
        var result = DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 0 }, RegisterModel.Instance);

        Assert.Contains("never written", Assert.Single(result.Lost).Reason);
    }

    [Fact]
    public void Counter_below_its_acknowledged_increments_lost_some()
    {
        var h = new H().Inc(1, 0, 10).Inc(1, 20, 30).IncLost(1, 40);
        Assert.True(DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 2 }, CounterModel.Instance).Ok);
        Assert.True(DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 3 }, CounterModel.Instance).Ok);
        Assert.Contains("below", Assert.Single(DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 1 }, CounterModel.Instance).Lost).Reason);
        Assert.Contains("twice", Assert.Single(DurabilityChecker.Check(h.Ops, new Dictionary<string, long> { ["k"] = 4 }, CounterModel.Instance).Lost).Reason);
    }

    [Fact]
    public void A_key_without_a_final_read_is_not_silently_passed()
    {
        var h = new H().W(1, 0, 10);
        Assert.False(DurabilityChecker.Check(h.Ops, new Dictionary<string, long>(), RegisterModel.Instance).Ok);
    }
}
