namespace EntityPlatform.Harness.Checking;

/// <summary>
/// Every acknowledged write is present at the end. The harness reads every key once after the nemesis has
/// healed and the cluster has settled (<paramref name="finalReads"/>: key → value), and this compares them with
/// the acknowledged writes of the history. It is deliberately simpler than the linearizability check, so a
/// loss is named as a loss, with the writes that vanished.
/// </summary>
public static class DurabilityChecker
{
    public static DurabilityResult Check(IEnumerable<Operation> history, IReadOnlyDictionary<string, long> finalReads, IModel model)
    {
        var lost = new List<LostWrite>();
        var acknowledged = 0;
        var byKey = history.Where(op => op.Kind != OpKind.Read).GroupBy(op => op.Key);
        var keys = 0;
        foreach (var group in byKey)
        {
            keys++;
            var ops = group.ToList();
            acknowledged += ops.Count(op => op.Outcome == OpOutcome.Ok);
            if (!finalReads.TryGetValue(group.Key, out var final))
            {
                lost.Add(new LostWrite(group.Key, "no final read of this key was made", []));
                continue;
            }

            var problem = model is CounterModel ? CheckCounter(group.Key, ops, final) : CheckRegister(group.Key, ops, final);
            if (problem is not null)
            {
                lost.Add(problem);
            }
        }

        return new DurabilityResult(keys, acknowledged, lost);
    }

    /// <summary>A counter must hold at least every acknowledged increment, and at most those plus the indeterminate ones.</summary>
    private static LostWrite? CheckCounter(string key, List<Operation> ops, long final)
    {
        var acked = ops.Where(op => op.Outcome == OpOutcome.Ok).ToList();
        var floor = acked.Sum(op => op.Value);
        var ceiling = floor + ops.Where(op => op.Outcome == OpOutcome.Indeterminate).Sum(op => op.Value);
        if (final < floor)
        {
            return new LostWrite(key, $"final value {final} is below the {floor} acknowledged", acked);
        }

        return final > ceiling
            ? new LostWrite(key, $"final value {final} exceeds every possible sum (at most {ceiling}): an increment was applied twice", [])
            : null;
    }

    /// <summary>
    /// A register's final value must come from a write that no acknowledged write follows in real time:
    /// if an acknowledged write started after the surviving write finished, the later one was lost.
    /// </summary>
    private static LostWrite? CheckRegister(string key, List<Operation> ops, long final)
    {
        var acked = ops.Where(op => op.Outcome == OpOutcome.Ok).ToList();
        if (acked.Count == 0)
        {
            return null;
        }

        var sources = ops.Where(op => op.Outcome != OpOutcome.Failed && op.Value == final).ToList();
        if (sources.Count == 0)
        {
            return new LostWrite(key, $"final value {final} was never written; acknowledged writes are gone", acked);
        }

        // The surviving write may be any of the candidates; it is legal if at least one of them is not followed.
        var followedBy = sources.Select(source => acked.Where(w => w.InvokeTime > source.EffectiveCompleteTime).ToList()).ToList();
        var best = followedBy.MinBy(list => list.Count)!;
        return best.Count == 0 ? null : new LostWrite(key, $"final value {final} predates {best.Count} acknowledged write(s)", best);
    }
}
