using EntityPlatform.Grpc.Streams;

namespace EntityPlatform.Grpc.Server;

/// <summary>Handles a server-streaming call: one request in, any number of responses written.</summary>
public delegate Task ServerStreamingHandler<in TRequest, TResponse>(TRequest request, IStreamWriter<TResponse> responses, ServerCallContext context);
