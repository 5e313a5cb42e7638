using EntityPlatform.Grpc.Metadata;

namespace EntityPlatform.Grpc.Client;

/// <summary>Collects a unary call's metadata when the caller asked for it (most calls do not, and skip the cost).</summary>
internal sealed class MetadataCapture
{
    public GrpcMetadata? Headers { get; set; }

    public GrpcMetadata? Trailers { get; private set; }

    public void SetTrailers(GrpcMetadata trailers) => Trailers = trailers;
}
