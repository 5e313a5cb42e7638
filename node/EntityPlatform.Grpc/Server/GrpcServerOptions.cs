namespace EntityPlatform.Grpc.Server;

/// <summary>Limits and behaviour of the server side of the wire layer.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, in bytes; a larger one ends the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes; a handler that returns a larger one gets RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSizeBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// When true, an unexpected handler exception's message goes to the client in grpc-message. Off by
    /// default: exception text can leak internals to any caller.
    /// </summary>
    public bool EnableDetailedErrors { get; init; }
}
