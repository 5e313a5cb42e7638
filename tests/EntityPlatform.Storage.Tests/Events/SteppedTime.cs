namespace EntityPlatform.Storage.Tests.Events;

/// <summary>A clock that moves only when a test says so (retention by age and the commit interval are judged by it).</summary>
internal sealed class SteppedTime : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    // Elapsed time (the commit interval) is judged by the same stepped clock.
    public override long GetTimestamp() => now.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => now += by;
}
