using System.Buffers;
using System.IO.Pipelines;
using System.Net.Http;
using EntityPlatform.Grpc.Definitions;
using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Client;

/// <summary>
/// A streaming call in progress (server-streaming, client-streaming or duplex). Write requests through
/// <see cref="RequestStream"/> and end them with CompleteAsync; read responses through
/// <see cref="ResponseStream"/> until it returns false (status OK) or throws (any other status).
/// Dispose it to cancel a call that has not finished: the HTTP/2 stream is reset.
/// </summary>
public sealed partial class GrpcCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Method<TRequest, TResponse> _method;
    private readonly GrpcChannelOptions _options;
    private readonly CancellationToken _userToken;
    private readonly CancellationTokenSource? _deadlineTimer;
    private readonly CancellationTokenSource _cancellation;
    private readonly StreamingRequestContent? _requestContent;
    private readonly HttpContent _content;
    private readonly Task<HttpResponseMessage> _sendTask;
    private readonly ArrayBufferWriter<byte> _writeBuffer = new();
    private HttpResponseMessage? _response;
    private PipeReader? _reader;
    private GrpcMetadata? _headers;
    private GrpcMetadata? _trailers;
    private GrpcStatus? _status;
    private TResponse? _current;

    internal GrpcCall(Method<TRequest, TResponse> method, GrpcChannelOptions channelOptions, CallOptions options, Func<HttpContent, CancellationToken, Task<HttpResponseMessage>> send, TRequest? singleRequest)
    {
        _method = method;
        _options = channelOptions;
        _userToken = options.CancellationToken;
        if (options.Timeout is { } timeout)
        {
            _deadlineTimer = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        }
        _cancellation = _deadlineTimer is null
            ? CancellationTokenSource.CreateLinkedTokenSource(_userToken)
            : CancellationTokenSource.CreateLinkedTokenSource(_userToken, _deadlineTimer.Token);
        HttpContent content = _content = singleRequest is not null
            ? new UnaryRequestContent(singleRequest, channelOptions.MaxSendMessageSizeBytes)
            : _requestContent = new StreamingRequestContent();
        // Cancelling the token alone does not reset a stream whose headers have arrived: disposing the
        // response does (RST_STREAM CANCEL), so the server's handler sees its cancellation at once.
        _cancellation.Token.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).AbortResponse(), this);
        _sendTask = send(content, _cancellation.Token);
        RequestStream = new RequestWriter(this);
        ResponseStream = new ResponseReader(this);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The response headers (waits for them).</summary>
    public async Task<GrpcMetadata> ResponseHeadersAsync()
    {
        await EnsureResponseAsync().ConfigureAwait(false);
        return _headers!;
    }

    /// <summary>The final status; available once the response stream has ended or failed.</summary>
    public GrpcStatus GetStatus() => _status ?? throw new InvalidOperationException("The call has not finished yet.");

    /// <summary>The trailers; available once the response stream has ended.</summary>
    public GrpcMetadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not finished yet.");

    /// <summary>For client-streaming calls: the single response, after the request stream is completed.</summary>
    public async Task<TResponse> ResponseAsync()
    {
        if (!await MoveNextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            throw Fail(new GrpcCallException(StatusCode.Internal, "The server ended the call without a response message."));
        }
        var response = _current!;
        if (await MoveNextAsync(CancellationToken.None).ConfigureAwait(false))
        {
            throw Fail(new GrpcCallException(StatusCode.Internal, "The server sent more than one response message."));
        }
        return response;
    }

    public void Dispose()
    {
        // A pooled request buffer goes back only when the call is over: on a call cancelled now, the
        // handler might still be copying it, so it is left to the GC instead.
        var finished = _status is not null;
        if (_status is null)
        {
            _status = new GrpcStatus(StatusCode.Cancelled, "The call was disposed before it finished.");
            _cancellation.Cancel();
        }
        _requestContent?.Complete();
        _response?.Dispose();
        if (finished)
        {
            _content.Dispose();
        }
        _cancellation.Dispose();
        _deadlineTimer?.Dispose();
    }

    private void AbortResponse() => Volatile.Read(ref _response)?.Dispose();

    private bool DeadlineExpired => _deadlineTimer?.IsCancellationRequested == true;

    /// <summary>Records a failure as the call's status, resets the stream, and returns what to throw.</summary>
    private GrpcCallException Fail(Exception exception)
    {
        var error = ClientErrors.Map(exception, DeadlineExpired, _userToken);
        if (_status is null || _status.Value.Code == StatusCode.OK)
        {
            _status = error.Status;
            _trailers ??= error.Trailers;
        }
        if (!_cancellation.IsCancellationRequested)
        {
            _cancellation.Cancel();
        }
        return error;
    }
}
