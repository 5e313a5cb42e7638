using System.Diagnostics;
using EntityPlatform.Contracts.Wire;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Wraps every server call, so handlers hold no error or metrics code: an <see cref="RpcException"/>
/// passes through; cancellation by the caller becomes CANCELLED; anything else is a bug, logged here and
/// answered INTERNAL with reason INTERNAL and no exception text. Every call is counted in <see cref="ApiMetrics"/>
/// and, when something listens, traced as a Server activity (<see cref="ApiTracing"/>).
/// </summary>
public sealed class ApiInterceptor(ILogger<ApiInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = ApiTracing.Start(context);
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Finish(context, StatusCode.OK, started, activity);
            return response;
        }
        catch (Exception error)
        {
            throw Fail(error, context, started, activity);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = ApiTracing.Start(context);
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            Finish(context, StatusCode.OK, started, activity);
            return response;
        }
        catch (Exception error)
        {
            throw Fail(error, context, started, activity);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = ApiTracing.Start(context);
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Finish(context, StatusCode.OK, started, activity);
        }
        catch (Exception error)
        {
            throw Fail(error, context, started, activity);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = ApiTracing.Start(context);
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            Finish(context, StatusCode.OK, started, activity);
        }
        catch (Exception error)
        {
            throw Fail(error, context, started, activity);
        }
    }

    private static void Finish(ServerCallContext context, StatusCode code, long started, Activity? activity)
    {
        ApiMetrics.Record(context.Method, code, started);
        ApiTracing.Stop(activity, code);
    }

    private RpcException Fail(Exception error, ServerCallContext context, long started, Activity? activity)
    {
        var mapped = error switch
        {
            RpcException rpc => rpc,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested =>
                new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled or its deadline passed")),
            _ => Unexpected(error, context),
        };
        Finish(context, mapped.StatusCode, started, activity);
        return mapped;
    }

    private RpcException Unexpected(Exception error, ServerCallContext context)
    {
        ApiLog.Unexpected(logger, context.Method, error);
        return RichErrors.Create(StatusCode.Internal, $"internal error in {context.Method}; see the node's log", ErrorReasons.Internal);
    }
}
