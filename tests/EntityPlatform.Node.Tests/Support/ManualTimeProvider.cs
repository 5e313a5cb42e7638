namespace EntityPlatform.Node.Tests.Support;

/// <summary>
/// A clock that moves only when a test says so, both its wall time and its monotonic timestamp (timers are
/// not supported: the code under test only reads the time).
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by) => _now += by;
}
