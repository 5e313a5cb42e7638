using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Nemesis;

namespace EntityPlatform.Harness;

/// <summary>Everything one system's run produced, for the checks and the report.</summary>
public sealed record SystemRunResult(string System, string ModelName, IReadOnlyList<Operation> History, LoadResult Load,
    IReadOnlyList<FaultEvent> Faults, IReadOnlyList<long?> DowntimesMicros, CheckResult Linearizability,
    DurabilityResult Durability, long StartMicros, long EndMicros)
{
    public int Acknowledged => History.Count(op => op.Outcome == OpOutcome.Ok);
    public int Indeterminate => History.Count(op => op.Outcome == OpOutcome.Indeterminate);
    public int Failed => History.Count(op => op.Outcome == OpOutcome.Failed);
    public double Seconds => (EndMicros - StartMicros) / 1e6;
    public double AckedWritesPerSecond => History.Count(op => op.Outcome == OpOutcome.Ok && op.Kind != OpKind.Read) / Math.Max(Seconds, 1e-9);

    public double LatencyMs(double p, bool writes) => Reports.TimeBuckets.Percentile(History
        .Where(op => op.Outcome == OpOutcome.Ok && (op.Kind != OpKind.Read) == writes)
        .Select(op => (op.CompleteTime - op.InvokeTime) / 1000.0).ToList(), p);
}
