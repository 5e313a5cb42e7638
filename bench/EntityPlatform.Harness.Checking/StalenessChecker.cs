namespace EntityPlatform.Harness.Checking;

/// <summary>
/// Judges bounded-staleness reads against their own promise: a read invoked at <c>t</c> with bound <c>S</c> must
/// not return a state older than what was committed at its horizon <c>t - S</c>. Such reads are neither
/// linearizable nor monotonic, so nothing else is asked of them, except that the value could exist at all.
/// What was committed by the horizon is known only from below: every write acknowledged by then. The harness
/// records invoke times no later than the real send and completions no earlier than the real reply, so the
/// floor can only be lower than the truth; the check never reports a read that kept its promise.
/// <list type="bullet">
/// <item>Counter: the value must be at least the sum of increments acknowledged by the horizon, and at most the
/// sum of every increment (acknowledged or indeterminate) invoked before the read completed.</item>
/// <item>Register: the value must come from a write invoked before the read completed (or be the initial
/// value), and that write must not have been overwritten by the horizon: stale when an acknowledged write
/// invoked after it completed had itself completed by the horizon.</item>
/// </list>
/// </summary>
public static class StalenessChecker
{
    public static StalenessResult Check(IEnumerable<Operation> history, IModel model)
    {
        var byKey = history.Where(op => op.Outcome != OpOutcome.Failed).GroupBy(op => op.Key);
        var checkedReads = 0;
        var violations = new List<StaleRead>();
        foreach (var ops in byKey.OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var reads = ops.Where(op => op.Kind == OpKind.Read && op.Consistency == ReadConsistency.BoundedStaleness && op.Outcome == OpOutcome.Ok).ToList();
            if (reads.Count == 0)
            {
                continue;
            }

            checkedReads += reads.Count;
            var writes = ops.Where(op => op.Kind != OpKind.Read).ToList();
            foreach (var read in reads)
            {
                var stale = model switch
                {
                    CounterModel => CheckCounter(read, writes),
                    RegisterModel => CheckRegister(read, writes, model.Initial),
                    _ => throw new ArgumentException($"no staleness rule for the {model.Name} model; expected counter or register", nameof(model)),
                };
                if (stale is not null)
                {
                    violations.Add(stale);
                }
            }
        }

        return new StalenessResult(checkedReads, violations);
    }

    private static long Horizon(Operation read)
    {
        if (read.MaxStaleness < 0)
        {
            throw new ArgumentException($"read {read} has a negative MaxStaleness; expected the bound it was sent with (>= 0)", nameof(read));
        }

        return read.InvokeTime - read.MaxStaleness;
    }

    private static StaleRead? CheckCounter(Operation read, List<Operation> increments)
    {
        var horizon = Horizon(read);
        var committed = increments.Where(op => op.Outcome == OpOutcome.Ok && op.CompleteTime <= horizon).ToList();
        var floor = committed.Sum(op => op.Value);
        if (read.Value < floor)
        {
            return new StaleRead(read, $"returned {read.Value}, but {floor} was acknowledged by its horizon {horizon} " +
                $"(invoke {read.InvokeTime} minus max staleness {read.MaxStaleness})", committed.OrderBy(op => op.CompleteTime).ToList());
        }

        var ceiling = increments.Where(op => op.InvokeTime <= read.CompleteTime).Sum(op => op.Value);
        return read.Value > ceiling
            ? new StaleRead(read, $"returned {read.Value}, more than every increment invoked before it completed ({ceiling})", [])
            : null;
    }

    private static StaleRead? CheckRegister(Operation read, List<Operation> writes, long initial)
    {
        var horizon = Horizon(read);
        var acknowledgedByHorizon = writes.Where(op => op.Outcome == OpOutcome.Ok && op.CompleteTime <= horizon).ToList();
        // The initial value behaves as a write that completed before everything.
        var sources = writes.Where(op => op.Value == read.Value && op.InvokeTime <= read.CompleteTime).Select(op => (long?)op.EffectiveCompleteTime).ToList();
        if (read.Value == initial)
        {
            sources.Add(long.MinValue);
        }

        if (sources.Count == 0)
        {
            return new StaleRead(read, $"returned {read.Value}, which no write invoked before it completed had written", []);
        }

        // Legal when at least one possible source was not yet overwritten at the horizon.
        var overwrites = sources.Select(completed => acknowledgedByHorizon.Where(w => w.InvokeTime > completed).ToList()).MinBy(list => list.Count)!;
        return overwrites.Count == 0 ? null
            : new StaleRead(read, $"returned {read.Value}, which {overwrites.Count} acknowledged write(s) had overwritten by its horizon {horizon} " +
                $"(invoke {read.InvokeTime} minus max staleness {read.MaxStaleness})", overwrites.OrderBy(op => op.CompleteTime).ToList());
    }
}
