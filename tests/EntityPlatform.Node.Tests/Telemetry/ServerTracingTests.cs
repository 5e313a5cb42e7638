using System.Diagnostics;
using System.Net;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Api;
using EntityPlatform.Node.Hosting;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EntityPlatform.Node.Tests.Telemetry;

/// <summary>
/// The server interceptor traces each call as a Server activity on "EntityPlatform.Node.Rpc" when something
/// listens: named after the method, child of the caller's traceparent, with the status code, an error status
/// for a failed call.
/// </summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class ServerTracingTests
{
    [Fact(Timeout = 60_000)]
    public async Task Each_call_is_a_server_activity_under_the_callers_trace_with_its_status()
    {
        var health = new HealthServiceImpl();
        health.SetStatus("up", HealthCheckResponse.Types.ServingStatus.Serving);
        await using var server = await GrpcServer.StartAsync(IPAddress.Loopback, [(0, HttpProtocols.Http2)],
            services => services.AddSingleton(health), web => web.MapGrpcService<HealthServiceImpl>());
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ApiTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other tests' servers run in parallel: keep only this trace.
                if (activity.TraceId == traceId)
                {
                    lock (stopped)
                    {
                        stopped.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var channel = Channels.Create(server.AddressOf(0));
        var client = new global::Grpc.Health.V1.Health.HealthClient(channel);
        var headers = new Metadata { { "traceparent", $"00-{traceId}-{callerSpan}-01" } };

        await client.CheckAsync(new HealthCheckRequest { Service = "up" }, headers);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.CheckAsync(new HealthCheckRequest { Service = "unknown" }, headers).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);

        Activity[] spans;
        lock (stopped)
        {
            spans = [.. stopped];
        }

        Assert.Equal(2, spans.Length);
        Assert.All(spans, span =>
        {
            Assert.Equal("grpc.health.v1.Health/Check", span.DisplayName);
            Assert.Equal(ActivityKind.Server, span.Kind);
            Assert.Equal(callerSpan, span.ParentSpanId);
            Assert.Equal("grpc", span.GetTagItem("rpc.system"));
            Assert.Equal("grpc.health.v1.Health", span.GetTagItem("rpc.service"));
            Assert.Equal("Check", span.GetTagItem("rpc.method"));
        });
        Assert.Equal(0, spans[0].GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, spans[0].Status);
        Assert.Equal((int)StatusCode.NotFound, spans[1].GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(ActivityStatusCode.Error, spans[1].Status);
    }
}
