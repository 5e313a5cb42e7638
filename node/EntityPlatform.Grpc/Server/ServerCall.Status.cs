using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EntityPlatform.Grpc.Server;

internal sealed partial class ServerCall
{
    private const string DeadlineDetail = "Deadline exceeded.";

    /// <summary>Sends the final status once; later calls (the deadline timer raced the handler) do nothing.</summary>
    private async ValueTask CompleteAsync(GrpcStatus status, GrpcMetadata? extraTrailers)
    {
        if (_writeLock is not null)
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
        }
        try
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            WriteStatus(status, extraTrailers);
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>
    /// Puts the status in trailers, or, when nothing has been sent yet, in the headers of a
    /// trailers-only response (one HEADERS frame with END_STREAM), as the spec prescribes for early errors.
    /// </summary>
    private void WriteStatus(GrpcStatus status, GrpcMetadata? extraTrailers)
    {
        var response = _http.Response;
        var trailersOnly = !_bodyWritten && !response.HasStarted;
        if (trailersOnly)
        {
            EnsureHeaders();
        }
        var target = trailersOnly ? response.Headers : null;
        Put(response, target, "grpc-status", GrpcStatus.CodeText(status.Code));
        if (status.Detail.Length > 0)
        {
            Put(response, target, "grpc-message", StatusMessageEncoding.Encode(status.Detail));
        }
        foreach (var metadata in new[] { Context.ResponseTrailersOrNull, extraTrailers })
        {
            if (metadata is null)
            {
                continue;
            }
            foreach (var entry in metadata)
            {
                Put(response, target, entry.Key, entry.Value);
            }
        }
    }

    private static void Put(HttpResponse response, IHeaderDictionary? headers, string key, string value)
    {
        if (headers is not null)
        {
            headers.Append(key, new StringValues(value));
        }
        else
        {
            response.AppendTrailer(key, new StringValues(value));
        }
    }

    private (GrpcStatus Status, GrpcMetadata? Trailers) StatusOf(Exception e)
    {
        if (e is GrpcCallException call)
        {
            return (call.Status, call.Trailers);
        }
        if (_deadlineTimer?.IsCancellationRequested == true)
        {
            return (new GrpcStatus(StatusCode.DeadlineExceeded, DeadlineDetail), null);
        }
        if (_http.RequestAborted.IsCancellationRequested)
        {
            return (new GrpcStatus(StatusCode.Cancelled, "The call was cancelled by the client."), null);
        }
        ServerLog.HandlerFailed(_logger, Context.Method, e);
        var detail = _options.EnableDetailedErrors
            ? $"Exception was thrown by handler. {e.GetType().Name}: {e.Message}"
            : "Exception was thrown by handler.";
        return (new GrpcStatus(StatusCode.Unknown, detail), null);
    }
}
