namespace EntityPlatform.Grpc.Server;

/// <summary>Handles a unary call: one request in, one response out.</summary>
public delegate ValueTask<TResponse> UnaryHandler<in TRequest, TResponse>(TRequest request, ServerCallContext context);
