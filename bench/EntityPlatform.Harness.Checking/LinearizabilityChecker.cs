namespace EntityPlatform.Harness.Checking;

/// <summary>
/// Checks a history against a single-key model, key by key (linearizability is compositional, so per-key
/// partitioning is exact and keeps each search small). Failed ops are dropped (they never took effect), and
/// so are indeterminate reads (their result is unknown, so they constrain nothing). Bounded-staleness reads are
/// not promised linearizable and are left to <see cref="StalenessChecker"/>; lease reads are promised
/// linearizable and are checked here together with the linearizable reads and every write.
/// </summary>
public static class LinearizabilityChecker
{
    public const long DefaultStepBudget = 2_000_000;

    public static CheckResult Check(IEnumerable<Operation> history, IModel model, long stepBudgetPerKey = DefaultStepBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepBudgetPerKey, 1);
        var keys = history
            .Where(op => op.PromisedLinearizable)
            .Where(op => op.Outcome == OpOutcome.Ok || (op.Outcome == OpOutcome.Indeterminate && op.Kind != OpKind.Read))
            .GroupBy(op => op.Key)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new KeySearch(group.Key, group.ToList(), model, stepBudgetPerKey).Run())
            .ToList();
        var verdict = keys.Any(k => k.Verdict == Verdict.NotLinearizable) ? Verdict.NotLinearizable
            : keys.Any(k => k.Verdict == Verdict.Unknown) ? Verdict.Unknown
            : Verdict.Linearizable;
        return new CheckResult(verdict, keys);
    }
}
