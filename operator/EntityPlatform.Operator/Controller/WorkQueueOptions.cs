namespace EntityPlatform.Operator.Controller;

/// <summary>Bounds of the work queue. Defaults follow controller-runtime's, with a lower per-key cap.</summary>
public sealed record WorkQueueOptions
{
    /// <summary>First retry delay of a failing key; doubles per consecutive failure.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay of a failing key.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Overall retries per second, across every key.</summary>
    public double RatePerSecond { get; init; } = 10;

    /// <summary>Retries that may go at once before the rate applies.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>Most distinct keys queued at once.</summary>
    public int Capacity { get; init; } = 10_000;

    public void Validate()
    {
        if (BackoffBase <= TimeSpan.Zero || BackoffMax < BackoffBase)
        {
            throw new ArgumentException($"work queue: BackoffBase ({BackoffBase}) must be > 0 and <= BackoffMax ({BackoffMax})");
        }

        if (Capacity < 1)
        {
            throw new ArgumentException($"work queue: Capacity is {Capacity}; expected >= 1");
        }
    }
}
