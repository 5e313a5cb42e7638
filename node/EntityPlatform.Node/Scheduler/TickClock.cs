namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// Counts Raft ticks on a monotonic clock (<see cref="TimeProvider.GetTimestamp"/>), never on wall time: a
/// clock step must neither stretch nor squeeze a tick. Tick n is due once n whole intervals have passed since
/// the clock started. <see cref="TakeElapsedTicks"/> reports every interval that passed since the last call,
/// however many, so after a stall (a GC pause, a slow fsync, a stopped process) the groups learn how much
/// time really went by: a leader's lease can then only be shortened by a stall, never stretched.
/// </summary>
internal sealed class TickClock
{
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly long startTimestamp;
    private long ticksTaken;

    public TickClock(TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "TickInterval must be positive.");
        }

        this.time = time;
        this.interval = interval;
        startTimestamp = time.GetTimestamp();
    }

    /// <summary>Ticks taken so far: the node's tick count.</summary>
    public long TicksTaken => ticksTaken;

    /// <summary>How many whole tick intervals passed since the last call (0 when the next tick is not due yet).</summary>
    public long TakeElapsedTicks()
    {
        var total = TicksSinceStart();
        var elapsed = total - ticksTaken;
        ticksTaken = total;
        return elapsed;
    }

    /// <summary>How long until the next tick is due; zero or less when it already is.</summary>
    public TimeSpan UntilNextTick() => (ticksTaken + 1) * interval - time.GetElapsedTime(startTimestamp);

    /// <summary>The current monotonic timestamp, for measuring other durations on the same clock.</summary>
    public long Now() => time.GetTimestamp();

    /// <summary>Time elapsed since <paramref name="timestamp"/> (from <see cref="Now"/>).</summary>
    public TimeSpan Since(long timestamp) => time.GetElapsedTime(timestamp);

    private long TicksSinceStart() => time.GetElapsedTime(startTimestamp).Ticks / interval.Ticks;
}
