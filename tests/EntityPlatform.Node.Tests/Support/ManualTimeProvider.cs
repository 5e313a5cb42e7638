namespace EntityPlatform.Node.Tests.Support;

/// <summary>A clock that moves only when a test says so (timers are not supported: the code under test only reads the time).</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
