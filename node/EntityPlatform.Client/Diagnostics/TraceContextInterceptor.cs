using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EntityPlatform.Client.Diagnostics;

/// <summary>
/// Sends the current activity's W3C trace context (<c>traceparent</c>, <c>tracestate</c>) with every call, so
/// the node's server span (ActivitySource "EntityPlatform.Node.Rpc") joins the SDK's call span. Grpc.Net.Client's
/// HttpClient does not do it unless something listens to System.Net.Http. Without a current activity (nothing
/// listens to "EntityPlatform.Client" and the application has none) the call passes through untouched.
/// </summary>
internal sealed class TraceContextInterceptor : Interceptor
{
    public static readonly TraceContextInterceptor Instance = new();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithTraceContext(context));

    internal static ClientInterceptorContext<TRequest, TResponse> WithTraceContext<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent } activity)
        {
            return context;
        }

        // A copy: the caller's Metadata may be shared between attempts.
        var headers = new Metadata();
        if (context.Options.Headers is { } existing)
        {
            foreach (var entry in existing)
            {
                if (entry.Key is "traceparent" or "tracestate")
                {
                    continue;
                }

                headers.Add(entry);
            }
        }

        headers.Add("traceparent", traceParent);
        if (activity.TraceStateString is { Length: > 0 } traceState)
        {
            headers.Add("tracestate", traceState);
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
