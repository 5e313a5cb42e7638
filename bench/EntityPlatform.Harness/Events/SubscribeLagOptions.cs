namespace EntityPlatform.Harness.Events;

/// <summary>
/// <c>--subscribe-lag</c>'s settings: the writer's fixed open-loop rate, the measured duration after a warm-up,
/// and how long to wait after the last write for its events. Validated so that a typo fails with the field's name.
/// </summary>
public sealed record SubscribeLagOptions(double Rate, TimeSpan Duration, TimeSpan Warmup, TimeSpan Drain, int Keys = 64, int MaxInFlight = 2_000)
{
    /// <summary>The writes one run may send: bounds the recorder's memory.</summary>
    public const long MaxWrites = 2_000_000;

    public void Validate()
    {
        if (!(Rate > 0) || double.IsInfinity(Rate))
        {
            throw new ArgumentException($"--rate: expected a positive number of writes per second, got {Rate}");
        }

        if (Duration <= TimeSpan.Zero || Warmup < TimeSpan.Zero || Drain <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--seconds/--warmup: expected a positive duration and a non-negative warm-up, got {Duration} and {Warmup}");
        }

        if (Rate * (Duration + Warmup).TotalSeconds > MaxWrites)
        {
            throw new ArgumentException($"--rate × (--seconds + --warmup): at most {MaxWrites} writes per run, got {Rate * (Duration + Warmup).TotalSeconds:0}");
        }

        if (Keys < 1 || MaxInFlight < 1)
        {
            throw new ArgumentException($"keys and max in flight must be at least 1, got {Keys} and {MaxInFlight}");
        }
    }
}
