namespace EntityPlatform.Operator.Controller;

/// <summary>How the controller watches and works.</summary>
public sealed record ControllerOptions
{
    /// <summary>Null or empty: every namespace.</summary>
    public string? WatchNamespace { get; init; }

    /// <summary>Parallel reconciles (of different EntityTypes; one key never runs twice at once).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Every EntityType is reconciled at least this often, even without events.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    public WorkQueueOptions Queue { get; init; } = new();

    /// <summary>Watch request length; tests shorten it to exercise restarts.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public void Validate()
    {
        if (Workers is < 1 or > 64)
        {
            throw new ArgumentException($"controller: Workers is {Workers}; expected 1..64");
        }

        if (ResyncPeriod < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"controller: ResyncPeriod is {ResyncPeriod}; expected at least 1 s");
        }

        Queue.Validate();
    }
}
