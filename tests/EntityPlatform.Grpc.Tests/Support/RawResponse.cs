using System.Net;

namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>What a hand-made HTTP/2 request got back, with headers flattened to lower-case keys.</summary>
public sealed record RawResponse(HttpStatusCode Status, Dictionary<string, string> Headers, byte[] Body, Dictionary<string, string> Trailers)
{
    /// <summary>grpc-status from the trailers, or from the headers for a trailers-only response.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");
}
