using EntityPlatform.Grpc.Metadata;

namespace EntityPlatform.Grpc.Client;

/// <summary>A unary reply together with the metadata that came with it.</summary>
public sealed record GrpcResponse<TResponse>(TResponse Message, GrpcMetadata Headers, GrpcMetadata Trailers);
