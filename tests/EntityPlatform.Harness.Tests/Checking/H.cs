using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Tests.Checking;

/// <summary>Terse history builders for tests: ids are assigned in order of creation.</summary>
internal sealed class H
{
    private readonly List<Operation> ops = [];

    public IReadOnlyList<Operation> Ops => ops;

    public H W(long value, long invoke, long complete, string key = "k") => Add(key, OpKind.Write, value, invoke, complete, OpOutcome.Ok);

    public H Inc(long by, long invoke, long complete, string key = "k") => Add(key, OpKind.Increment, by, invoke, complete, OpOutcome.Ok);

    public H R(long value, long invoke, long complete, string key = "k") => Add(key, OpKind.Read, value, invoke, complete, OpOutcome.Ok);

    public H RLease(long value, long invoke, long complete, string key = "k") => Add(key, OpKind.Read, value, invoke, complete, OpOutcome.Ok, ReadConsistency.Lease);

    /// <summary>A bounded-staleness read that asked for at most <paramref name="maxStaleness"/> (history time units).</summary>
    public H RBounded(long value, long invoke, long complete, long maxStaleness, string key = "k") =>
        Add(key, OpKind.Read, value, invoke, complete, OpOutcome.Ok, ReadConsistency.BoundedStaleness, maxStaleness);

    public H WFailed(long value, long invoke, long complete, string key = "k") => Add(key, OpKind.Write, value, invoke, complete, OpOutcome.Failed);

    public H WLost(long value, long invoke, string key = "k") => Add(key, OpKind.Write, value, invoke, 0, OpOutcome.Indeterminate);

    public H IncLost(long by, long invoke, string key = "k") => Add(key, OpKind.Increment, by, invoke, 0, OpOutcome.Indeterminate);

    private H Add(string key, OpKind kind, long value, long invoke, long complete, OpOutcome outcome,
        ReadConsistency consistency = ReadConsistency.Linearizable, long maxStaleness = 0)
    {
        ops.Add(new Operation(ops.Count + 1, key, kind, value, invoke, complete, outcome, consistency, maxStaleness));
        return this;
    }
}
