namespace EntityPlatform.Client.Tests.Support;

/// <summary>A clock that moves only when a test advances it (wall time and timestamps; no timers).</summary>
internal sealed class SteppedTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by) => _now += by;
}
