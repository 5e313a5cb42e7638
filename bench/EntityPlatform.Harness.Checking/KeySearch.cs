namespace EntityPlatform.Harness.Checking;

/// <summary>
/// The Wing–Gong/Lowe search for one key: repeatedly linearize an op that no pending acknowledged op
/// precedes in real time and whose result the model allows, backtracking on dead ends, and memoizing
/// (linearized set, state) so no configuration is explored twice. An indeterminate op completes at
/// infinity and need not be linearized at all: the search succeeds once every acknowledged op is placed
/// (a write or increment can always be placed last, which is the same as never for the ops that remain).
/// Iterative, so a long history cannot overflow the stack; bounded by a step budget.
/// Long histories (a soak records thousands of ops per key) stay cheap because the linearized ops are
/// almost always a prefix of the invoke order plus a few: scans start at the first op not yet linearized,
/// and the memo keys keep only the bitset words from there on.
/// </summary>
internal sealed class KeySearch(string key, IReadOnlyList<Operation> history, IModel model, long stepBudget)
{
    private readonly Operation[] ops = history.OrderBy(op => op.InvokeTime).ThenBy(op => op.Id).ToArray();
    private readonly HashSet<LinearizedSet> memo = [];
    private ulong[] live = [];

    // Every op before this index is linearized (the bitset's all-ones prefix).
    private int firstUnset;
    private int deepest = -1;
    private List<Operation> deepestPrefix = [];
    private List<Operation> deepestBlocked = [];

    private readonly record struct Frame(int Op, long PreviousState, int ResumeAt);

    public KeyResult Run()
    {
        live = new ulong[(ops.Length + 63) / 64];
        var stack = new List<Frame>(ops.Length);
        var definiteLeft = ops.Count(op => op.Outcome == OpOutcome.Ok);
        var state = model.Initial;
        var cursor = 0;
        long steps = 0;
        while (definiteLeft > 0)
        {
            if (++steps > stepBudget)
            {
                return new KeyResult(key, Verdict.Unknown, steps, ops.Length, [], []);
            }

            var minComplete = MinPendingCompletion();
            var chosen = NextCandidate(cursor, minComplete, state, out var next);
            if (chosen >= 0)
            {
                Set(chosen, true);
                stack.Add(new Frame(chosen, state, chosen + 1));
                state = next;
                definiteLeft -= ops[chosen].Outcome == OpOutcome.Ok ? 1 : 0;
                cursor = 0;
                continue;
            }

            RecordIfDeepest(stack, state, minComplete);
            if (stack.Count == 0)
            {
                return new KeyResult(key, Verdict.NotLinearizable, steps, ops.Length, deepestBlocked, deepestPrefix);
            }

            var frame = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            Set(frame.Op, false);
            state = frame.PreviousState;
            definiteLeft += ops[frame.Op].Outcome == OpOutcome.Ok ? 1 : 0;
            cursor = frame.ResumeAt;
        }

        return new KeyResult(key, Verdict.Linearizable, steps, ops.Length, [], []);
    }

    /// <summary>The first op from <paramref name="cursor"/> that may go next and leads to an unexplored configuration.</summary>
    private int NextCandidate(int cursor, long minComplete, long state, out long next)
    {
        // Ops are sorted by invoke time, so the scan stops at the first op invoked after some pending
        // acknowledged op completed: that op, and every later one, must follow it.
        for (var i = Math.Max(cursor, firstUnset); i < ops.Length && ops[i].InvokeTime <= minComplete; i++)
        {
            if (IsSet(i) || !model.Step(state, ops[i], out next))
            {
                continue;
            }

            Set(i, true);
            var fresh = memo.Add(new LinearizedSet(live, firstUnset >> 6, next));
            Set(i, false);
            if (fresh)
            {
                return i;
            }
        }

        next = state;
        return -1;
    }

    private long MinPendingCompletion()
    {
        // An op completes after it is invoked, and ops are in invoke order: none invoked after the
        // smallest completion seen so far can lower it.
        var min = long.MaxValue;
        for (var i = firstUnset; i < ops.Length && ops[i].InvokeTime <= min; i++)
        {
            if (!IsSet(i) && ops[i].EffectiveCompleteTime < min)
            {
                min = ops[i].EffectiveCompleteTime;
            }
        }

        return min;
    }

    private void RecordIfDeepest(List<Frame> stack, long state, long minComplete)
    {
        if (stack.Count <= deepest)
        {
            return;
        }

        deepest = stack.Count;
        deepestPrefix = stack.Select(frame => ops[frame.Op]).ToList();
        deepestBlocked = [];
        for (var i = firstUnset; i < ops.Length && ops[i].InvokeTime <= minComplete; i++)
        {
            if (!IsSet(i) && !model.Step(state, ops[i], out _))
            {
                deepestBlocked.Add(ops[i]);
            }
        }

        var first = Enumerable.Range(firstUnset, ops.Length - firstUnset).Where(i => !IsSet(i) && ops[i].Outcome == OpOutcome.Ok)
            .OrderBy(i => ops[i].CompleteTime).Select(i => ops[i]).FirstOrDefault();
        if (first is not null && !deepestBlocked.Contains(first))
        {
            deepestBlocked.Insert(0, first);
        }
    }

    private bool IsSet(int index) => (live[index >> 6] & (1UL << (index & 63))) != 0;

    private void Set(int index, bool value)
    {
        if (value)
        {
            live[index >> 6] |= 1UL << (index & 63);
            while (firstUnset < ops.Length && IsSet(firstUnset))
            {
                firstUnset++;
            }
        }
        else
        {
            live[index >> 6] &= ~(1UL << (index & 63));
            firstUnset = Math.Min(firstUnset, index);
        }
    }
}
