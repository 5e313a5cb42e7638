using System.Diagnostics;

namespace EntityPlatform.Client.Diagnostics;

/// <summary>Traces: one Client activity per call (retries appear as events on it), named like gRPC client spans.</summary>
internal static class ClientActivities
{
    public static readonly ActivitySource Source = new(EntityPlatformClientDiagnostics.ActivitySourceName);

    public static Activity? Start(string method, string entityType, int? shard)
    {
        var activity = Source.StartActivity($"entityplatform.v1.EntityService/{method}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.service", "entityplatform.v1.EntityService");
            activity.SetTag("rpc.method", method);
            activity.SetTag("entityplatform.entity_type", entityType);
            if (shard is { } value)
            {
                activity.SetTag("entityplatform.shard", value);
            }
        }

        return activity;
    }
}
