namespace EntityPlatform.Node.Api;

/// <summary>Limits on client input, checked before anything reaches a shard.</summary>
public sealed record RequestLimits
{
    public int MaxEntityIdBytes { get; init; } = 1024;

    public int MaxPayloadBytes { get; init; } = 1 << 20;

    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DefaultMaxStaleness { get; init; } = TimeSpan.FromSeconds(1);
}
