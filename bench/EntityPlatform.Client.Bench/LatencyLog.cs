namespace EntityPlatform.Client.Bench;

/// <summary>Completed commands of one run: count and latencies (bounded: one run is seconds long).</summary>
internal sealed class LatencyLog
{
    private const int MaxSamples = 2_000_000;
    private readonly List<double> samplesMs = [];
    private readonly Lock gate = new();

    public void Add(TimeSpan latency)
    {
        lock (gate)
        {
            if (samplesMs.Count < MaxSamples)
            {
                samplesMs.Add(latency.TotalMilliseconds);
            }
        }
    }

    public int Count => samplesMs.Count;

    public double Percentile(double p)
    {
        lock (gate)
        {
            if (samplesMs.Count == 0)
            {
                return double.NaN;
            }

            var sorted = samplesMs.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)(p / 100 * sorted.Length))];
        }
    }
}
