using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Reports;

/// <summary>
/// Write downtime of one fault: from the fault to the completion of the first acknowledged write on an
/// affected key that was invoked at or after the fault. It includes one normal write latency, which is
/// what a client experiences; null when no affected write succeeded afterwards.
/// </summary>
public static class Downtime
{
    public static long? MeasureMicros(IReadOnlyList<Operation> history, long faultMicros, Func<string, bool> affects) =>
        history.Where(op => op.Kind != OpKind.Read && op.Outcome == OpOutcome.Ok && op.InvokeTime >= faultMicros && affects(op.Key))
            .Select(op => (long?)(op.CompleteTime - faultMicros))
            .Min();
}
