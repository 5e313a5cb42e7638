using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Reports;

/// <summary>Acknowledged ops per second and p99 latency (from the due time, so stalls count) per time bucket.</summary>
public sealed record TimeBuckets(double BucketSeconds, IReadOnlyList<double> OpsPerSecond, IReadOnlyList<double> LatencyMsP99)
{
    public static TimeBuckets From(IReadOnlyList<Operation> history, long startMicros, long endMicros, double bucketSeconds)
    {
        var bucketMicros = (long)(bucketSeconds * 1e6);
        var count = (int)Math.Max(1, (endMicros - startMicros + bucketMicros - 1) / bucketMicros);
        var latencies = Enumerable.Range(0, count).Select(_ => new List<double>()).ToArray();
        foreach (var op in history.Where(op => op.Outcome == OpOutcome.Ok))
        {
            var bucket = (int)((op.CompleteTime - startMicros) / bucketMicros);
            if (bucket >= 0 && bucket < count)
            {
                latencies[bucket].Add((op.CompleteTime - op.InvokeTime) / 1000.0);
            }
        }

        return new TimeBuckets(bucketSeconds,
            latencies.Select(l => l.Count / bucketSeconds).ToList(),
            latencies.Select(l => Percentile(l, 0.99)).ToList());
    }

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
    }
}
