using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Streams;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Server;

/// <summary>A handler's request stream, read frame by frame from Kestrel's request body pipe.</summary>
internal sealed class ServerStreamReader<T>(ServerCall call, MessageParser<T> parser) : IStreamReader<T> where T : class, IMessage<T>
{
    private T? _current;
    private bool _ended;

    public T Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true yet.");

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            return false;
        }
        var callToken = call.Context.CancellationToken;
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken)
            : null;
        var message = await FrameReader.ReadMessageAsync(
            call.HttpContext.Request.BodyReader, parser, call.Options.MaxReceiveMessageSizeBytes, linked?.Token ?? callToken).ConfigureAwait(false);
        _current = message ?? _current;
        _ended = message is null;
        return message is not null;
    }
}
