using EntityPlatform.Grpc.Streams;

namespace EntityPlatform.Grpc.Server;

/// <summary>Handles a client-streaming call: reads the request stream, returns one response.</summary>
public delegate ValueTask<TResponse> ClientStreamingHandler<TRequest, TResponse>(IStreamReader<TRequest> requests, ServerCallContext context);
