using System.Collections.Frozen;
using EntityPlatform.Grpc.Definitions;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Server;

/// <summary>
/// The methods a server serves, each bound with one line to its handler:
/// <code>registry.Unary(EntityApi.Command, impl.CommandAsync);</code>
/// The path comes from the method descriptor, so there are no hand-written routes.
/// </summary>
public sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, ServerMethod> _methods = new(StringComparer.Ordinal);

    public GrpcServiceRegistry Unary<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Type, MethodType.Unary, new UnaryServerMethod<TRequest, TResponse>(method, handler));

    public GrpcServiceRegistry ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Type, MethodType.ServerStreaming, new ServerStreamingServerMethod<TRequest, TResponse>(method, handler));

    public GrpcServiceRegistry ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Type, MethodType.ClientStreaming, new ClientStreamingServerMethod<TRequest, TResponse>(method, handler));

    public GrpcServiceRegistry DuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Add(method.Type, MethodType.DuplexStreaming, new DuplexStreamingServerMethod<TRequest, TResponse>(method, handler));

    /// <summary>The bound paths, for diagnostics.</summary>
    public IEnumerable<string> Paths => _methods.Keys;

    internal FrozenDictionary<string, ServerMethod> Build() => _methods.ToFrozenDictionary(StringComparer.Ordinal);

    private GrpcServiceRegistry Add(MethodType declared, MethodType binding, ServerMethod method)
    {
        if (declared != binding)
        {
            throw new ArgumentException($"Method {method.Path} is declared {declared} but was bound as {binding}.", nameof(method));
        }
        if (!_methods.TryAdd(method.Path, method))
        {
            throw new ArgumentException($"Method {method.Path} is bound twice.", nameof(method));
        }
        return this;
    }
}
