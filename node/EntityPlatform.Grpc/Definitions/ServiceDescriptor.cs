using Google.Protobuf;

namespace EntityPlatform.Grpc.Definitions;

/// <summary>
/// Declares the methods of one service, so each method is one line:
/// <code>public static readonly Method&lt;Req, Resp&gt; Get = Service.Unary(Req.Parser, Resp.Parser, "Get");</code>
/// </summary>
public sealed class ServiceDescriptor(string name)
{
    public string Name { get; } = name;

    public Method<TRequest, TResponse> Unary<TRequest, TResponse>(MessageParser<TRequest> request, MessageParser<TResponse> response, string method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, Name, method, request, response);

    public Method<TRequest, TResponse> ServerStreaming<TRequest, TResponse>(MessageParser<TRequest> request, MessageParser<TResponse> response, string method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.ServerStreaming, Name, method, request, response);

    public Method<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(MessageParser<TRequest> request, MessageParser<TResponse> response, string method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.ClientStreaming, Name, method, request, response);

    public Method<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(MessageParser<TRequest> request, MessageParser<TResponse> response, string method)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.DuplexStreaming, Name, method, request, response);
}
