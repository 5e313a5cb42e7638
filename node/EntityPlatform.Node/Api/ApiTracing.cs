using System.Diagnostics;
using Grpc.Core;

namespace EntityPlatform.Node.Api;

/// <summary>
/// One Server activity per gRPC call on the ActivitySource "EntityPlatform.Node.Rpc", named like gRPC server
/// spans ("entityplatform.v1.EntityService/Command"). Nothing is created unless something listens (the
/// node's OTLP TracerProvider, or a test's ActivityListener). The parent is the caller's W3C
/// <c>traceparent</c> header when ASP.NET Core did not already make an activity from it.
/// </summary>
public static class ApiTracing
{
    public const string ActivitySourceName = "EntityPlatform.Node.Rpc";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>Whether anything listens to the source (a TracerProvider or a test's listener).</summary>
    internal static bool Listened => Source.HasListeners();

    public static Activity? Start(ServerCallContext context)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = Activity.Current?.Context ?? ParentFromHeaders(context);
        var name = context.Method.StartsWith('/') ? context.Method[1..] : context.Method;
        var activity = Source.StartActivity(name, ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.service", slash > 0 ? name[..slash] : name);
            activity.SetTag("rpc.method", slash > 0 ? name[(slash + 1)..] : name);
        }

        return activity;
    }

    /// <summary>Ends <paramref name="activity"/> with the call's status (OK, or an error naming the code).</summary>
    public static void Stop(Activity? activity, StatusCode code)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("rpc.grpc.status_code", (int)code);
        if (code != StatusCode.OK)
        {
            activity.SetStatus(ActivityStatusCode.Error, code.ToString());
        }

        activity.Dispose();
    }

    private static ActivityContext ParentFromHeaders(ServerCallContext context) =>
        context.RequestHeaders.GetValue("traceparent") is { } traceParent
        && ActivityContext.TryParse(traceParent, context.RequestHeaders.GetValue("tracestate"), isRemote: true, out var parent)
            ? parent
            : default;
}
