namespace EntityPlatform.Client.Resilience;

/// <summary>A call's total time allowance (the caller's timeout), measured on the injected clock.</summary>
internal readonly struct CallBudget(TimeProvider time, TimeSpan total)
{
    private readonly long startTimestamp = time.GetTimestamp();

    public TimeSpan Total => total;

    public TimeSpan Elapsed => time.GetElapsedTime(startTimestamp);

    public TimeSpan Remaining => total - Elapsed;

    public bool Expired => Remaining <= TimeSpan.Zero;
}
