namespace EntityPlatform.Client.Resilience;

/// <summary>
/// The latency of the client's recent answered attempts, for the hedging delay. A ring of the last
/// <see cref="Capacity"/> samples; the p99 is recomputed from a sorted copy only every
/// <see cref="RecomputeEvery"/> samples, so a busy client does not sort on every call.
/// Only answers are recorded: an attempt that timed out says nothing about how fast a live leader answers.
/// The p99 is recomputed when the window first holds <see cref="MinimumSamples"/> samples, then after every
/// <see cref="RecomputeEvery"/>-th sample recorded.
/// </summary>
internal sealed class LatencyWindow
{
    public const int Capacity = 512;

    /// <summary>Below this many samples the p99 is unknown (a p99 of 10 samples is their maximum, mostly noise).</summary>
    public const int MinimumSamples = 20;

    public const int RecomputeEvery = 32;

    private readonly Lock gate = new();
    private readonly double[] samplesMs = new double[Capacity];
    private int count;
    private int next;
    private long recorded;
    private double p99Ms = double.NaN;

    /// <summary>Samples held (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    public void Record(TimeSpan latency)
    {
        Invariant.Assert(latency >= TimeSpan.Zero);
        lock (gate)
        {
            samplesMs[next] = latency.TotalMilliseconds;
            next = (next + 1) % Capacity;
            count = Math.Min(count + 1, Capacity);
            recorded++;
            if (count >= MinimumSamples && (double.IsNaN(p99Ms) || recorded % RecomputeEvery == 0))
            {
                p99Ms = Percentile(0.99);
            }
        }
    }

    /// <summary>The p99 of the window, or null while it holds fewer than <see cref="MinimumSamples"/> samples.</summary>
    public TimeSpan? P99
    {
        get
        {
            lock (gate)
            {
                return double.IsNaN(p99Ms) ? null : TimeSpan.FromMilliseconds(p99Ms);
            }
        }
    }

    private double Percentile(double quantile)
    {
        var sorted = samplesMs.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        // Nearest rank: the smallest sample with at least `quantile` of the samples at or below it.
        var rank = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
