using System.Collections.Frozen;
using EntityPlatform.Grpc.Framing;
using EntityPlatform.Grpc.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Grpc.Server;

/// <summary>
/// The middleware that turns HTTP/2 requests into gRPC calls: validates what the protocol requires,
/// finds the method by path, and runs it. Requests that are neither gRPC nor for a bound path pass on to
/// the rest of the pipeline (health checks, metrics).
/// </summary>
internal sealed class GrpcDispatcher(FrozenDictionary<string, ServerMethod> methods, GrpcServerOptions options, RequestDelegate next, ILogger logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var isGrpc = GrpcContentType.IsGrpc(request.ContentType);
        if (!methods.TryGetValue(path, out var method))
        {
            return isGrpc
                ? Reject(context, 200, StatusCode.Unimplemented, $"Method {path} is not implemented by this server.")
                : next(context);
        }
        if (!isGrpc)
        {
            // 415 rather than a gRPC status in a 200, so a non-gRPC client cannot mistake the error for success.
            return Reject(context, StatusCodes.Status415UnsupportedMediaType, StatusCode.Internal,
                $"Content-Type '{request.ContentType}' is not supported; gRPC requires application/grpc.");
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            return Reject(context, StatusCodes.Status405MethodNotAllowed, StatusCode.Internal, $"gRPC requires POST, not {request.Method}.");
        }
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            return Reject(context, StatusCodes.Status426UpgradeRequired, StatusCode.Internal, $"gRPC requires HTTP/2, not {request.Protocol}.");
        }
        var headers = request.Headers;
        var encoding = headers.GrpcEncoding();
        if (encoding is not null && encoding != "identity")
        {
            context.Response.Headers["grpc-accept-encoding"] = "identity";
            return Reject(context, 200, StatusCode.Unimplemented, $"Message encoding '{encoding}' is not supported; this server accepts identity only.");
        }
        TimeSpan? timeout = null;
        if (headers.GrpcTimeout() is { } timeoutText)
        {
            if (!GrpcTimeout.TryParse(timeoutText, out var parsed))
            {
                return Reject(context, 200, StatusCode.Internal, $"Malformed grpc-timeout '{timeoutText}'.");
            }
            timeout = parsed;
        }
        context.Response.ContentType = GrpcContentType.Default;
        var call = new ServerCall(context, path, timeout, options, logger);
        return call.RunAsync(method);
    }

    private Task Reject(HttpContext context, int httpStatus, StatusCode code, string detail)
    {
        ServerLog.Rejected(logger, context.Request.Path.Value ?? "", detail);
        var response = context.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcContentType.Default;
        response.Headers["grpc-status"] = GrpcStatus.CodeText(code);
        response.Headers["grpc-message"] = StatusMessageEncoding.Encode(detail);
        return Task.CompletedTask;
    }
}
