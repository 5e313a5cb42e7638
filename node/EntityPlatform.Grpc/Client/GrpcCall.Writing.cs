using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;

namespace EntityPlatform.Grpc.Client;

public sealed partial class GrpcCall<TRequest, TResponse>
{
    private bool _requestCompleted;

    private async ValueTask WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_requestContent is null || _requestCompleted)
        {
            throw new InvalidOperationException(_requestContent is null
                ? $"{_method.Path} takes a single request; it was sent when the call started."
                : "The request stream is already completed.");
        }
        var stream = await RequestBodyAsync().ConfigureAwait(false);
        _writeBuffer.ResetWrittenCount();
        MessageCodec.WriteFrame(_writeBuffer, message, _options.MaxSendMessageSizeBytes);
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(_cancellation.Token, cancellationToken)
            : null;
        var token = linked?.Token ?? _cancellation.Token;
        try
        {
            await stream.WriteAsync(_writeBuffer.WrittenMemory, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GrpcCallException)
        {
            if (_sendTask.IsCompleted || DeadlineExpired || _cancellation.IsCancellationRequested)
            {
                throw ClientErrors.Map(e, DeadlineExpired, _userToken);
            }
            throw new GrpcCallException(StatusCode.Unavailable, "The request stream was closed: " + e.Message, inner: e);
        }
    }

    private ValueTask CompleteRequestAsync()
    {
        _requestCompleted = true;
        _requestContent?.Complete();
        return default;
    }

    /// <summary>
    /// Waits until the handler starts the request body. If the response ends first (a trailers-only
    /// error such as UNIMPLEMENTED), the call's status is thrown instead, since no write can succeed.
    /// </summary>
    private async ValueTask<Stream> RequestBodyAsync()
    {
        var body = _requestContent!.RequestStream;
        if (!body.IsCompleted)
        {
            await Task.WhenAny(body, _sendTask).ConfigureAwait(false);
        }
        if (body.IsCompletedSuccessfully)
        {
            return body.Result;
        }
        await EnsureResponseAsync().ConfigureAwait(false);
        ThrowIfFailed();
        throw Fail(new GrpcCallException(StatusCode.Internal, "The server ended the call before reading any request."));
    }

    private sealed class RequestWriter(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    {
        public ValueTask WriteAsync(TRequest message, CancellationToken cancellationToken = default) => call.WriteAsync(message, cancellationToken);

        public ValueTask CompleteAsync() => call.CompleteRequestAsync();
    }
}
