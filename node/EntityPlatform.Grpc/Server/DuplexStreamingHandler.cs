using EntityPlatform.Grpc.Streams;

namespace EntityPlatform.Grpc.Server;

/// <summary>Handles a bidirectional call: reads requests and writes responses, in any interleaving.</summary>
public delegate Task DuplexStreamingHandler<TRequest, TResponse>(IStreamReader<TRequest> requests, IStreamWriter<TResponse> responses, ServerCallContext context);
