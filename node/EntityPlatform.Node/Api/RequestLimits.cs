using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Shards;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Limits on client input, checked before anything reaches a shard. Documented in entity.proto; the
/// payload limit sits below the log's entry limit minus the largest entry framing, so a command whose
/// events are no larger than its payload always fits in one log entry (larger events are refused when
/// decided, with INVALID_ARGUMENT naming both sizes).
/// </summary>
public sealed record RequestLimits
{
    /// <summary>Equal to <see cref="ShardEntryCodec.MaxStringBytes"/>, so every valid id fits its log entry field.</summary>
    public int MaxEntityIdBytes { get; init; } = WireLimits.MaxEntityIdBytes;

    /// <summary>1 MiB less 4 KiB: room for the entry framing (<see cref="ShardEntryCodec.MaxFramingBytes"/>).</summary>
    public int MaxPayloadBytes { get; init; } = WireLimits.MaxPayloadBytes;

    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DefaultMaxStaleness { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether a payload of the largest allowed size, as one event, fits in an entry of <paramref name="maxEntryBytes"/>.</summary>
    public bool FitInEntriesOf(int maxEntryBytes) => (long)MaxPayloadBytes + ShardEntryCodec.MaxFramingBytes <= maxEntryBytes;
}
