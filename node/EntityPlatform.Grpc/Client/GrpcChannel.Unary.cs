using System.Buffers;
using System.Net.Http;
using EntityPlatform.Grpc.Definitions;
using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Client;

public sealed partial class GrpcChannel
{
    /// <summary>Calls a unary method. Any failure throws <see cref="GrpcCallException"/>.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        return (await UnaryCoreAsync(method, request, options, capture: null).ConfigureAwait(false))!;
    }

    /// <summary>Calls a unary method and returns the response headers and trailers too.</summary>
    public async Task<GrpcResponse<TResponse>> UnaryWithMetadataAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var capture = new MetadataCapture();
        var response = await UnaryCoreAsync(method, request, options, capture).ConfigureAwait(false);
        return new GrpcResponse<TResponse>(response, capture.Headers!, capture.Trailers!);
    }

    private async Task<TResponse> UnaryCoreAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options, MetadataCapture? capture)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        Invariant.Assert(method.Type == MethodType.Unary, method.Path);
        var deadline = CallDeadline.Start(options);
        try
        {
            using var content = new UnaryRequestContent(request, Options.MaxSendMessageSizeBytes);
            using var httpRequest = CreateRequest(method.Path, options, content);
            using var response = await _invoker.SendAsync(httpRequest, deadline.Token).ConfigureAwait(false);
            var early = ResponseStatus.FromHeaders(response);
            if (capture is not null)
            {
                capture.Headers = ResponseStatus.ToMetadata(response.Headers.NonValidated);
            }
            if (early is { } trailersOnly)
            {
                capture?.SetTrailers(capture.Headers!);
                throw Failed(trailersOnly.Code == StatusCode.OK
                    ? new GrpcStatus(StatusCode.Internal, "The server ended a unary call without a response message.")
                    : trailersOnly, ResponseStatus.ToMetadata(response.Headers.NonValidated));
            }
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var message = await ReadSingleMessageAsync(stream, method.ResponseParser, deadline.Token).ConfigureAwait(false);
            var status = ResponseStatus.FromTrailers(response);
            var trailers = ResponseStatus.ToMetadata(response.TrailingHeaders.NonValidated);
            capture?.SetTrailers(trailers);
            if (status.Code != StatusCode.OK)
            {
                throw Failed(status, trailers);
            }
            return message ?? throw Failed(new GrpcStatus(StatusCode.Internal, "The server ended a unary call without a response message."), trailers);
        }
        catch (Exception e) when (e is not GrpcCallException || deadline.Expired)
        {
            throw ClientErrors.Map(e, deadline.Expired, options.CancellationToken);
        }
        finally
        {
            deadline.Dispose();
        }
    }

    /// <summary>
    /// Reads a whole unary response body (at most one message) into a pooled buffer. The prefix is
    /// validated as soon as it arrives, so an oversized message is refused before it is buffered.
    /// </summary>
    private async ValueTask<T?> ReadSingleMessageAsync<T>(Stream body, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var max = Options.MaxReceiveMessageSizeBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var filled = 0;
        var frameSize = -1;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    buffer = Grow(buffer, filled, frameSize < 0 ? filled * 2 : frameSize + GrpcFrame.HeaderSize);
                }
                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                filled += read;
                if (frameSize < 0 && filled >= GrpcFrame.HeaderSize)
                {
                    var header = FrameHeader.Read(buffer);
                    header.Validate(max);
                    frameSize = GrpcFrame.HeaderSize + (int)header.PayloadSize;
                }
                if (frameSize >= 0 && filled > frameSize)
                {
                    throw new GrpcCallException(StatusCode.Internal, "The server sent more than one message on a unary call.");
                }
            }
            return ParseSingle(buffer.AsSpan(0, filled), frameSize, parser);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T? ParseSingle<T>(ReadOnlySpan<byte> body, int frameSize, MessageParser<T> parser) where T : class, IMessage<T>
    {
        if (body.IsEmpty)
        {
            return null;
        }
        if (frameSize < 0 || body.Length < frameSize)
        {
            throw new GrpcCallException(StatusCode.Internal, $"Incomplete message: the response ended {body.Length} bytes into a frame.");
        }
        if (body.Length > frameSize)
        {
            throw new GrpcCallException(StatusCode.Internal, "The server sent more than one message on a unary call.");
        }
        return MessageCodec.Parse(parser, body[GrpcFrame.HeaderSize..frameSize]);
    }

    private static byte[] Grow(byte[] buffer, int filled, int wanted)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(wanted, buffer.Length + 1));
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static GrpcCallException Failed(GrpcStatus status, GrpcMetadata trailers) =>
        new(status.Code, status.Detail, trailers);
}
