namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// How long a drained node keeps refusing leadership. A drain is meant to precede the pod's deletion; if the
/// deletion never comes (the operator crashed, the eviction was refused), a drain that lasted forever would
/// keep the node out of every preferred leadership until restart. So a drain holds for a bounded time and
/// can be ended early. Time comes from the injected clock, measured on its monotonic timestamp.
/// </summary>
public sealed class DrainHold(TimeProvider clock)
{
    /// <summary>The hold of a drain that names none (for example the drain before a graceful stop).</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromMinutes(5);

    /// <summary>The longest hold a caller may ask for.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromHours(1);

    private long startedAt;
    private TimeSpan hold;

    /// <summary>Starts a drain, or extends the running one: the hold ends at the later of the two ends.</summary>
    public void Begin(TimeSpan duration)
    {
        Invariant.Assert(duration > TimeSpan.Zero && duration <= MaxHold, $"drain hold {duration} outside (0, {MaxHold}]");
        if (Remaining >= duration)
        {
            return;
        }

        startedAt = clock.GetTimestamp();
        hold = duration;
    }

    /// <summary>Ends the drain now: the node may take preferred leaderships back.</summary>
    public void End() => hold = TimeSpan.Zero;

    public bool IsActive => Remaining > TimeSpan.Zero;

    /// <summary>How much longer the drain holds (zero when not draining).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (hold == TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            var left = hold - clock.GetElapsedTime(startedAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
