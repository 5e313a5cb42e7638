using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

/// <summary>
/// The dumb reference for differential tests: try every subset of indeterminate ops and every order of the
/// included ops, and accept if one order respects real time (b completed before a was invoked ⇒ b first)
/// and the model. Only for tiny single-key histories.
/// </summary>
internal static class BruteForceChecker
{
    public static bool IsLinearizable(IReadOnlyList<Operation> history, IModel model)
    {
        var relevant = history.Where(op => op.Outcome == OpOutcome.Ok || (op.Outcome == OpOutcome.Indeterminate && op.Kind != OpKind.Read)).ToList();
        var definite = relevant.Where(op => op.Outcome == OpOutcome.Ok).ToList();
        var optional = relevant.Where(op => op.Outcome == OpOutcome.Indeterminate).ToList();
        for (var mask = 0; mask < 1 << optional.Count; mask++)
        {
            var included = definite.Concat(optional.Where((_, i) => (mask & (1 << i)) != 0)).ToList();
            if (Permutations(included).Any(order => Legal(order, model)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Legal(IReadOnlyList<Operation> order, IModel model)
    {
        for (var i = 0; i < order.Count; i++)
        {
            for (var j = i + 1; j < order.Count; j++)
            {
                if (order[j].EffectiveCompleteTime < order[i].InvokeTime)
                {
                    return false;
                }
            }
        }

        var state = model.Initial;
        foreach (var op in order)
        {
            if (!model.Step(state, op, out state))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<List<Operation>> Permutations(List<Operation> items)
    {
        if (items.Count == 0)
        {
            yield return [];
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, k) => k != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                tail.Insert(0, items[i]);
                yield return tail;
            }
        }
    }
}
