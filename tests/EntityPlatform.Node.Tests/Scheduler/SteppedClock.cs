namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// A fake clock for one node whose monotonic time moves only when told (<see cref="Advance"/>), and whose
/// wall time can be stepped on its own (<see cref="StepWallClock"/>), as NTP may. <see cref="Frozen"/>
/// models a stalled process: a <see cref="SteppedClocks"/> driver leaves it alone. Thread-safe.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long elapsedTicks;
    private long wallOffsetTicks;

    public bool Frozen { get; set; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref elapsedTicks);

    public override DateTimeOffset GetUtcNow() =>
        Origin + TimeSpan.FromTicks(Interlocked.Read(ref elapsedTicks) + Interlocked.Read(ref wallOffsetTicks));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref elapsedTicks, by.Ticks);
    }

    public void StepWallClock(TimeSpan by) => Interlocked.Add(ref wallOffsetTicks, by.Ticks);
}
