namespace EntityPlatform.Node.Events;

/// <summary>Bounds of the Subscribe streams one node serves.</summary>
public sealed record SubscriptionLimits
{
    /// <summary>Streams served at once; one more gets RESOURCE_EXHAUSTED.</summary>
    public int MaxSubscribers { get; init; } = 256;

    /// <summary>Events read from one shard's log per step: with the stream's flow control, what a subscriber can hold in memory.</summary>
    public int BatchEvents { get; init; } = 256;

    /// <summary>Payload bytes read from one shard's log per step (at least one event is always read).</summary>
    public long BatchBytes { get; init; } = 1 << 20;

    /// <summary>How long a stream with nothing new waits on the logs' notifications before it looks again.</summary>
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromSeconds(1);
}
