namespace EntityPlatform.Contracts.Wire;

/// <summary>
/// The size limits of the API, in one place: servers and every channel take their message limits from
/// here, and the node validates entity ids and payloads against the same numbers (entity.proto states them).
/// </summary>
public static class WireLimits
{
    /// <summary>Largest gRPC message, in bytes, sent or received by any node or client (4 MiB).</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>Largest entity id, in UTF-8 bytes.</summary>
    public const int MaxEntityIdBytes = 1024;

    /// <summary>
    /// Largest command or query payload, in bytes: 1 MiB less 4 KiB, the room a node's log entry needs for
    /// its framing, so a command whose events are no larger than its payload fits in one log entry.
    /// </summary>
    public const int MaxPayloadBytes = (1 << 20) - (4 << 10);
}
