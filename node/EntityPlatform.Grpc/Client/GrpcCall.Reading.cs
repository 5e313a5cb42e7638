using System.IO.Pipelines;
using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;

namespace EntityPlatform.Grpc.Client;

public sealed partial class GrpcCall<TRequest, TResponse>
{
    private async ValueTask EnsureResponseAsync()
    {
        if (_response is not null)
        {
            return;
        }
        try
        {
            var response = await _sendTask.ConfigureAwait(false);
            Volatile.Write(ref _response, response);
            if (_cancellation.IsCancellationRequested)
            {
                response.Dispose();
                throw new OperationCanceledException(_cancellation.Token);
            }
            var trailersOnly = ResponseStatus.FromHeaders(response);
            _headers = ResponseStatus.ToMetadata(response.Headers.NonValidated);
            if (trailersOnly is { } status)
            {
                _status = status;
                _trailers = _headers;
                return;
            }
            var body = await response.Content.ReadAsStreamAsync(_cancellation.Token).ConfigureAwait(false);
            _reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
    }

    private async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        await EnsureResponseAsync().ConfigureAwait(false);
        if (_reader is null || _status is not null)
        {
            return ThrowIfFailed();
        }
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(_cancellation.Token, cancellationToken)
            : null;
        try
        {
            var message = await FrameReader.ReadMessageAsync(_reader, _method.ResponseParser, _options.MaxReceiveMessageSizeBytes, linked?.Token ?? _cancellation.Token)
                .ConfigureAwait(false);
            if (message is not null)
            {
                _current = message;
                return true;
            }
            await _reader.CompleteAsync().ConfigureAwait(false);
            _status = ResponseStatus.FromTrailers(_response!);
            _trailers = ResponseStatus.ToMetadata(_response!.TrailingHeaders.NonValidated);
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
        // The response is over; a request stream still open would only be reset by the handler.
        _requestContent?.Complete();
        return ThrowIfFailed();
    }

    private bool ThrowIfFailed()
    {
        var status = _status!.Value;
        if (status.Code != StatusCode.OK)
        {
            throw new GrpcCallException(status.Code, status.Detail, _trailers);
        }
        return false;
    }

    private sealed class ResponseReader(GrpcCall<TRequest, TResponse> call) : IStreamReader<TResponse>
    {
        public TResponse Current => call._current ?? throw new InvalidOperationException("MoveNextAsync has not returned true yet.");

        public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default) => call.MoveNextAsync(cancellationToken);
    }
}
