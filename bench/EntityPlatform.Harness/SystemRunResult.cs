using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Nemesis;

namespace EntityPlatform.Harness;

/// <summary>Everything one system's run produced, for the checks and the report.</summary>
public sealed record SystemRunResult(string System, string ModelName, IReadOnlyList<Operation> History, LoadResult Load,
    IReadOnlyList<FaultEvent> Faults, IReadOnlyList<long?> DowntimesMicros, CheckResult Linearizability,
    DurabilityResult Durability, long StartMicros, long EndMicros, StalenessResult? Staleness = null)
{
    /// <summary>
    /// Passes only with a proof: linearizable (an Unknown verdict fails, it may hide a violation), no lost
    /// acknowledged write, and no bounded-staleness read older than its bound allows.
    /// </summary>
    public bool Clean => Linearizability.Passed && Durability.Ok && (Staleness?.Ok ?? true);

    public int Reads(ReadConsistency consistency) => History.Count(op => op.Kind == OpKind.Read && op.Outcome == OpOutcome.Ok && op.Consistency == consistency);

    /// <summary>Why the run failed, one line per finding (empty when clean).</summary>
    public IEnumerable<string> Findings() =>
        Linearizability.Violations.Select(key => key.Describe())
            .Concat(Linearizability.Undecided.Select(key => $"{key.Describe()}: the search ran out of its step budget, so the key is not proven linearizable"))
            .Concat(Durability.Lost.Select(lost => $"{lost.Key}: lost acknowledged write(s): {lost.Reason}"))
            .Concat((Staleness?.Violations ?? []).Select(stale => "stale bounded read: " + stale.Describe()));

    public int Acknowledged => History.Count(op => op.Outcome == OpOutcome.Ok);
    public int Indeterminate => History.Count(op => op.Outcome == OpOutcome.Indeterminate);
    public int Failed => History.Count(op => op.Outcome == OpOutcome.Failed);
    public double Seconds => (EndMicros - StartMicros) / 1e6;
    public double AckedWritesPerSecond => History.Count(op => op.Outcome == OpOutcome.Ok && op.Kind != OpKind.Read) / Math.Max(Seconds, 1e-9);

    public double LatencyMs(double p, bool writes) => Reports.TimeBuckets.Percentile(History
        .Where(op => op.Outcome == OpOutcome.Ok && (op.Kind != OpKind.Read) == writes)
        .Select(op => (op.CompleteTime - op.InvokeTime) / 1000.0).ToList(), p);
}
