namespace EntityPlatform.Harness.Events;

/// <summary>
/// Per write (identified by the unique value it wrote) the time its write was acknowledged and the time its
/// event first reached the subscriber, both read from one clock. Thread-safe: the writer's completions and the
/// subscriber's loop record concurrently. Bounded by the number of writes the run sends (the caller's rate ×
/// duration), which <see cref="SubscribeLagOptions"/> caps.
/// </summary>
public sealed class LagRecorder
{
    private readonly object gate = new();
    private readonly Dictionary<long, TimeSpan> acknowledged = [];
    private readonly Dictionary<long, TimeSpan> arrived = [];
    private long duplicates;

    public void Acknowledged(long value, TimeSpan at)
    {
        lock (gate)
        {
            Invariant.Assert(acknowledged.TryAdd(value, at), $"write {value} acknowledged twice: the writer reuses a value");
        }
    }

    /// <summary>An event for <paramref name="value"/> arrived; a repeat (at-least-once delivery) keeps the first arrival.</summary>
    public void Arrived(long value, TimeSpan at)
    {
        lock (gate)
        {
            if (!arrived.TryAdd(value, at))
            {
                duplicates++;
            }
        }
    }

    /// <summary>Whether every write acknowledged at or after <paramref name="from"/> has been delivered.</summary>
    public bool AllDelivered(TimeSpan from)
    {
        lock (gate)
        {
            return acknowledged.Where(pair => pair.Value >= from).All(pair => arrived.ContainsKey(pair.Key));
        }
    }

    /// <summary>
    /// The lag of every write acknowledged at or after <paramref name="from"/> (the warm-up is left out). An event
    /// can reach the subscriber before the writer sees its acknowledgement (both race from the commit); that lag
    /// counts as 0 and is counted in <see cref="LagSummary.ArrivedBeforeAck"/>.
    /// </summary>
    public LagSummary Summarize(string system, double rate, TimeSpan from)
    {
        lock (gate)
        {
            var measured = acknowledged.Where(pair => pair.Value >= from).ToList();
            var lags = new List<double>(measured.Count);
            var early = 0L;
            var delivered = new List<TimeSpan>(measured.Count);
            foreach (var (value, ackAt) in measured)
            {
                if (!arrived.TryGetValue(value, out var arrivedAt))
                {
                    continue;
                }

                delivered.Add(arrivedAt);
                if (arrivedAt < ackAt)
                {
                    early++;
                }

                lags.Add(Math.Max(0, (arrivedAt - ackAt).TotalMilliseconds));
            }

            lags.Sort();
            delivered.Sort();
            var span = delivered.Count > 1 ? (delivered[^1] - delivered[0]).TotalSeconds : 0;
            return new LagSummary(system, rate, measured.Count, lags.Count, measured.Count - lags.Count, early, duplicates,
                Percentile(lags, 0.50), Percentile(lags, 0.99), lags.Count == 0 ? double.NaN : lags[^1],
                span > 0 ? (delivered.Count - 1) / span : double.NaN);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
