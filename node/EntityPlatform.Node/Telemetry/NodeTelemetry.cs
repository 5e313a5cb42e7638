using EntityPlatform.Node.Api;
using EntityPlatform.Node.Transport;
using EntityPlatform.Storage.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EntityPlatform.Node.Telemetry;

/// <summary>
/// The node's OpenTelemetry providers. Metrics: every Meter of the node (its own, storage, transport, the
/// gRPC server API) through the Prometheus exporter, served at /metrics on the HTTP port. Traces: the server
/// calls' ActivitySource, exported over OTLP only when <see cref="OtlpEndpointVariable"/> is set; without
/// it no TracerProvider exists, nothing listens, and the interceptor starts no activity.
/// </summary>
public sealed class NodeTelemetry : IDisposable
{
    /// <summary>The standard OpenTelemetry variable; the OTLP exporter reads the rest (protocol, headers) itself.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Every Meter /metrics exports.</summary>
    public static IReadOnlyList<string> MeterNames { get; } =
        [NodeMetrics.MeterName, StorageMetrics.MeterName, TransportMetrics.MeterName, ApiMetrics.MeterName, Events.EventMetrics.MeterName];

    private readonly MeterProvider meters;
    private readonly TracerProvider? traces;

    public NodeTelemetry(ulong nodeId, bool exportTraces)
    {
        var resource = ResourceBuilder.CreateEmpty().AddService("entityplatform-node", serviceInstanceId: nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter([.. MeterNames])
            .AddPrometheusExporter(options =>
            {
                // No scope labels: the series keep the labels they had when /metrics was written by hand.
                options.ScopeInfoEnabled = false;
                // A scrape collects afresh (the observable gauges read a cached status, so this is cheap).
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
        traces = exportTraces
            ? Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(ApiTracing.ActivitySourceName).AddOtlpExporter().Build()
            : null;
    }

    /// <summary>Whether the environment asks for traces (an OTLP endpoint is configured).</summary>
    public static bool TracesConfigured() => Environment.GetEnvironmentVariable(OtlpEndpointVariable) is { Length: > 0 };

    /// <summary>Maps GET /metrics (Prometheus text) for this node's MeterProvider.</summary>
    public IEndpointConventionBuilder MapScrapingEndpoint(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint("/metrics", meters, configureBranchedPipeline: null, optionsName: null);

    public void Dispose()
    {
        traces?.Dispose();
        meters.Dispose();
    }
}
