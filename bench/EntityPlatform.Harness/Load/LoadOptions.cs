namespace EntityPlatform.Harness.Load;

/// <summary>
/// The open-loop load: a fixed timetable of <see cref="RatePerSecond"/> operations for <see cref="Duration"/>. Reads
/// are split over consistencies by <see cref="Reads"/> (linearizable only when null); a bounded-staleness read
/// asks for <see cref="MaxStaleness"/> (250 ms when null).
/// </summary>
public sealed record LoadOptions(double RatePerSecond, TimeSpan Duration, int Keys, double ReadFraction, TimeSpan OperationTimeout, int MaxInFlight, int Seed,
    ReadMix? Reads = null, TimeSpan? MaxStaleness = null)
{
    public static readonly TimeSpan DefaultMaxStaleness = TimeSpan.FromMilliseconds(250);

    public ReadMix ReadMix => Reads ?? ReadMix.LinearizableOnly;

    public TimeSpan Staleness => MaxStaleness ?? DefaultMaxStaleness;

    /// <summary>The keys the load touches, k0 … k(Keys-1).</summary>
    public IReadOnlyList<string> KeyNames => Enumerable.Range(0, Keys).Select(i => $"k{i}").ToList();

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RatePerSecond, 0, nameof(RatePerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(Keys, 1, nameof(Keys));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        if (ReadFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadFraction), ReadFraction, "expected a fraction from 0 to 1");
        }

        if (Staleness <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStaleness), MaxStaleness, "expected a positive bound such as 250 ms");
        }
    }
}
