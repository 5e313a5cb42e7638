namespace EntityPlatform.Harness.Load;

/// <summary>The open-loop load: a fixed timetable of <see cref="RatePerSecond"/> operations for <see cref="Duration"/>.</summary>
public sealed record LoadOptions(double RatePerSecond, TimeSpan Duration, int Keys, double ReadFraction, TimeSpan OperationTimeout, int MaxInFlight, int Seed)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RatePerSecond, 0, nameof(RatePerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(Keys, 1, nameof(Keys));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        if (ReadFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadFraction), ReadFraction, "expected a fraction from 0 to 1");
        }
    }
}
