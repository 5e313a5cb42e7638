using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

/// <summary>The real checker against the brute-force reference on thousands of random tiny histories.</summary>
public sealed class DifferentialTests
{
    [Theory]
    [InlineData("register")]
    [InlineData("counter")]
    public void Checker_agrees_with_brute_force_on_random_tiny_histories(string modelName)
    {
        IModel model = modelName == "register" ? RegisterModel.Instance : CounterModel.Instance;
        var random = new Random(8);
        int linearizable = 0, violations = 0;
        for (var trial = 0; trial < 3_000; trial++)
        {
            var history = RandomHistory(random, model);
            var expected = BruteForceChecker.IsLinearizable(history, model);
            var actual = LinearizabilityChecker.Check(history, model).Verdict;
            Assert.True(actual != Verdict.Unknown, $"trial {trial}: unknown on a tiny history");
            Assert.True(expected == (actual == Verdict.Linearizable),
                $"trial {trial}: brute force says {expected}, checker says {actual}\n{string.Join("\n", history)}");
            _ = expected ? linearizable++ : violations++;
        }

        // Both outcomes must be well represented, or the comparison proves little.
        Assert.True(linearizable > 300 && violations > 300, $"{linearizable} linearizable, {violations} not");
    }

    private static List<Operation> RandomHistory(Random random, IModel model)
    {
        var count = random.Next(1, 7);
        var ops = new List<Operation>(count);
        for (var i = 0; i < count; i++)
        {
            var invoke = random.Next(0, 20);
            var complete = invoke + random.Next(1, 10);
            var roll = random.Next(100);
            var outcome = roll < 75 ? OpOutcome.Ok : roll < 92 ? OpOutcome.Indeterminate : OpOutcome.Failed;
            var isRead = random.Next(2) == 0;
            var kind = isRead ? OpKind.Read : model is RegisterModel ? OpKind.Write : OpKind.Increment;
            var value = isRead ? random.Next(0, model is RegisterModel ? 3 : 4) : random.Next(1, 3);
            ops.Add(new Operation(i + 1, "k", kind, value, invoke, complete, outcome));
        }

        return ops;
    }
}
