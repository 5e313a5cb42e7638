using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Status;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Grpc.Server;

/// <summary>
/// One gRPC call on the server: owns the response's protocol state (headers written, body written,
/// status sent) so that handlers, the dispatcher and the deadline timer agree on it.
/// Invariant: the status is written exactly once (<see cref="_completed"/>), and nothing is written after it.
/// </summary>
internal sealed partial class ServerCall
{
    private readonly HttpContext _http;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private bool _headersWritten;
    private bool _bodyWritten;
    private bool _completed;

    public ServerCall(HttpContext http, string method, TimeSpan? timeout, GrpcServerOptions options, ILogger logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
        if (timeout is { } limit)
        {
            Context = StartDeadline(method, limit);
            // Armed only now: a zero timeout fires synchronously, and the callback needs Context.
            ArmDeadline(limit);
        }
        else
        {
            Context = new ServerCallContext(http, method, DateTime.MaxValue, http.RequestAborted);
        }
    }

    public ServerCallContext Context { get; }

    public GrpcServerOptions Options => _options;

    public HttpContext HttpContext => _http;

    /// <summary>Runs the handler and then sends the status it ended with. Never throws.</summary>
    public async Task RunAsync(ServerMethod method)
    {
        GrpcStatus status;
        Metadata.GrpcMetadata? trailers = null;
        try
        {
            await method.HandleAsync(this).ConfigureAwait(false);
            status = GrpcStatus.Ok;
        }
        catch (Exception e)
        {
            (status, trailers) = StatusOf(e);
        }
        try
        {
            await CompleteAsync(status, trailers).ConfigureAwait(false);
        }
        catch (Exception e) when (_http.RequestAborted.IsCancellationRequested || e is IOException or OperationCanceledException)
        {
            // The client went away; there is nobody left to tell.
        }
        finally
        {
            StopDeadline();
        }
    }

    /// <summary>Reads the one request message of a unary or server-streaming call.</summary>
    public async ValueTask<T> ReadSingleMessageAsync<T>(MessageParser<T> parser) where T : class, IMessage<T>
    {
        var reader = _http.Request.BodyReader;
        var message = await FrameReader.ReadMessageAsync(reader, parser, _options.MaxReceiveMessageSizeBytes, Context.CancellationToken).ConfigureAwait(false)
            ?? throw new GrpcCallException(StatusCode.Internal, "The request ended without a message; this method expects exactly one.");
        if (await FrameReader.ReadMessageAsync(reader, parser, _options.MaxReceiveMessageSizeBytes, Context.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new GrpcCallException(StatusCode.Internal, "The request carried more than one message; this method expects exactly one.");
        }
        return message;
    }

    /// <summary>
    /// Writes a response message. <paramref name="flush"/> is false for the single message of a unary
    /// reply: Kestrel then sends headers, data and trailers together when the call ends, saving a
    /// write per call.
    /// </summary>
    public ValueTask WriteMessageAsync(IMessage message, bool flush)
    {
        return _writeLock is null ? WriteUnlockedAsync(message, flush) : WriteLockedAsync(message, flush);
    }

    private async ValueTask WriteLockedAsync(IMessage message, bool flush)
    {
        await _writeLock!.WaitAsync(Context.CancellationToken).ConfigureAwait(false);
        try
        {
            await WriteUnlockedAsync(message, flush).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private ValueTask WriteUnlockedAsync(IMessage message, bool flush)
    {
        if (_completed)
        {
            throw new OperationCanceledException("The call has already completed (deadline exceeded or cancelled).");
        }
        EnsureHeaders();
        var body = _http.Response.BodyWriter;
        MessageCodec.WriteFrame(body, message, _options.MaxSendMessageSizeBytes);
        _bodyWritten = true;
        if (!flush)
        {
            return default;
        }
        var pending = body.FlushAsync(Context.CancellationToken);
        return pending.IsCompletedSuccessfully && !pending.Result.IsCompleted ? default : AwaitFlushAsync(pending);
    }

    private static async ValueTask AwaitFlushAsync(ValueTask<System.IO.Pipelines.FlushResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new OperationCanceledException("The client stopped reading the response.");
        }
    }

    private void EnsureHeaders()
    {
        if (_headersWritten)
        {
            return;
        }
        _headersWritten = true;
        if (Context.ResponseHeadersOrNull is { } metadata)
        {
            HeaderConversion.Append(_http.Response.Headers, metadata);
        }
    }
}
