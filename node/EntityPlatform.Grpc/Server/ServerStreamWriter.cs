using EntityPlatform.Grpc.Streams;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Server;

/// <summary>A handler's response stream: each message is flushed so the client sees it at once.</summary>
internal sealed class ServerStreamWriter<T>(ServerCall call) : IStreamWriter<T> where T : class, IMessage<T>
{
    public ValueTask WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        return call.WriteMessageAsync(message, flush: true);
    }
}
