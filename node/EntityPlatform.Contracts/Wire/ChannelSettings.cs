namespace EntityPlatform.Contracts.Wire;

/// <summary>
/// The transport settings of every gRPC channel this project opens (SDK, forwarder, peer transport,
/// operator, harness, tools). Defaults suit a cluster on one network; change them here, not per caller.
/// </summary>
public sealed record ChannelSettings
{
    public static readonly ChannelSettings Default = new();

    /// <summary>Largest message received or sent, in bytes; a larger one fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; init; } = WireLimits.MaxMessageBytes;

    /// <summary>A TCP connect that takes longer fails the call with UNAVAILABLE.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/2 PING after this much silence, so a dead peer is noticed before a call times out.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A PING unanswered this long closes the connection (its calls fail with UNAVAILABLE).</summary>
    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Open another connection when one reaches the server's stream limit (Kestrel: 100 by default, our
    /// nodes: 1000) instead of queueing calls behind it.
    /// </summary>
    public bool EnableMultipleHttp2Connections { get; init; } = true;

    /// <summary>Per-stream receive window; larger than HTTP/2's 64 KiB so big messages are not throttled by WINDOW_UPDATE round trips.</summary>
    public int InitialHttp2StreamWindowBytes { get; init; } = 1024 * 1024;

    /// <summary>TLS for https:// addresses: the CA to trust and the client certificate, if any. Required for https://.</summary>
    public Security.ClientTls? Tls { get; init; }

    /// <summary>Sent as user-agent's prefix, so server logs can tell our callers apart.</summary>
    public string? UserAgent { get; init; }
}
