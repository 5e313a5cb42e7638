using EntityPlatform.Grpc.Metadata;

namespace EntityPlatform.Grpc.Client;

/// <summary>Per-call settings.</summary>
public readonly record struct CallOptions
{
    /// <summary>Request metadata sent as HTTP/2 headers.</summary>
    public GrpcMetadata? Headers { get; init; }

    /// <summary>
    /// How long the call may take. Sent as grpc-timeout so the server stops too; enforced locally as
    /// well, so the call fails with DEADLINE_EXCEEDED even if the server never answers.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Cancels the call: the stream is reset and the call fails with CANCELLED.</summary>
    public CancellationToken CancellationToken { get; init; }
}
