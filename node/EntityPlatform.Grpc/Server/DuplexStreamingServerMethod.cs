using EntityPlatform.Grpc.Definitions;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Server;

internal sealed class DuplexStreamingServerMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingHandler<TRequest, TResponse> handler)
    : ServerMethod(method.Path, MethodType.DuplexStreaming)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task HandleAsync(ServerCall call)
    {
        call.AllowLongRequestStream();
        var requests = new ServerStreamReader<TRequest>(call, method.RequestParser);
        await handler(requests, new ServerStreamWriter<TResponse>(call), call.Context).ConfigureAwait(false);
    }
}
