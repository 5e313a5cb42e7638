using System.Net.Http;
using System.Net.Security;

namespace EntityPlatform.Grpc.Client;

/// <summary>Limits and transport settings of one channel (one endpoint).</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted, in bytes; a larger one fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent, in bytes; a larger one fails the call with RESOURCE_EXHAUSTED before sending.</summary>
    public int MaxSendMessageSizeBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// False (the default) keeps every call on one HTTP/2 connection per endpoint, queueing calls beyond
    /// the server's stream limit. True lets the handler open more connections when that limit is reached.
    /// </summary>
    public bool EnableMultipleHttp2Connections { get; init; }

    /// <summary>Decides whether to trust the server's TLS certificate (tests pass one for a self-signed certificate).</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; init; }

    /// <summary>Sent as user-agent, so server logs can tell our clients apart.</summary>
    public string UserAgent { get; init; } = "entityplatform-grpc-dotnet/1.0";

    /// <summary>Last-chance tweaks of the HTTP handler (timeouts, proxies) for what the options above do not cover.</summary>
    public Action<SocketsHttpHandler>? ConfigureHandler { get; init; }
}
