using EntityPlatform.Contracts.Wire;

namespace EntityPlatform.Node.Api;

/// <summary>Limits on client input, checked before anything reaches a shard.</summary>
public sealed record RequestLimits
{
    public int MaxEntityIdBytes { get; init; } = WireLimits.MaxEntityIdBytes;

    public int MaxPayloadBytes { get; init; } = WireLimits.MaxPayloadBytes;

    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DefaultMaxStaleness { get; init; } = TimeSpan.FromSeconds(1);
}
