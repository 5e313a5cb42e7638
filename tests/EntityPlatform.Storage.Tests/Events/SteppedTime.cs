namespace EntityPlatform.Storage.Tests.Events;

/// <summary>A wall clock that moves only when a test says so (retention by age is judged by it).</summary>
internal sealed class SteppedTime : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
