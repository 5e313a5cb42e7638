using System.Net.Http;
using EntityPlatform.Grpc.Definitions;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Client;

public sealed partial class GrpcChannel
{
    /// <summary>Starts a server-streaming call: the request goes out at once; read the response stream.</summary>
    public GrpcCall<TRequest, TResponse> ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        RequireType(method.Type, MethodType.ServerStreaming, method.Path);
        ArgumentNullException.ThrowIfNull(request);
        return Start(method, options, request);
    }

    /// <summary>Starts a client-streaming call: write requests, complete, then await ResponseAsync.</summary>
    public GrpcCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        RequireType(method.Type, MethodType.ClientStreaming, method.Path);
        return Start(method, options, singleRequest: null);
    }

    /// <summary>Starts a bidirectional call: write and read concurrently.</summary>
    public GrpcCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        RequireType(method.Type, MethodType.DuplexStreaming, method.Path);
        return Start(method, options, singleRequest: null);
    }

    private GrpcCall<TRequest, TResponse> Start<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options, TRequest? singleRequest)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        if (options.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new Status.GrpcCallException(Status.StatusCode.DeadlineExceeded, "Deadline exceeded before the call started.");
        }
        return new GrpcCall<TRequest, TResponse>(method, Options, options, (content, token) => SendAsync(method.Path, options, content, token), singleRequest);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CallOptions options, HttpContent content, CancellationToken cancellationToken)
    {
        // Yield first so the call object exists before the handler can call back into the content.
        await Task.Yield();
        var request = CreateRequest(path, options, content);
        return await _invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void RequireType(MethodType actual, MethodType expected, string path)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{path} is a {actual} method, not {expected}.");
        }
    }
}
