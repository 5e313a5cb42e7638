using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Server call metrics on the Meter "EntityPlatform.Node.Rpc" (exported with the others at /metrics):
/// calls by method and status code, and their duration. Static, like the Meter: one per process.
/// </summary>
public static class ApiMetrics
{
    public const string MeterName = "EntityPlatform.Node.Rpc";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("entityplatform.rpc.server.calls", description: "Server calls by method and status.");
    // Buckets in seconds, from 0.5 ms to 10 s: exporters' default boundaries (0, 5, 10, ... 10000) suit milliseconds,
    // and would put every call of this node in the first bucket above 0.
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("entityplatform.rpc.server.duration", unit: "s",
        description: "Server call duration by method.", tags: null, advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });

    // The status code as a boxed tag value, boxed once: a TagList holds objects, and boxing per call
    // allocated on every call (seen in the profile, docs/benchmarks.md).
    private static readonly object[] BoxedCodes = Enumerable.Range(0, 17).Select(code => (object)code).ToArray();

    public static void Record(string method, StatusCode code, long startedTimestamp)
    {
        // Nothing listens unless a metrics exporter or dotnet-counters is attached: then skip the tags entirely.
        if (!Calls.Enabled && !Duration.Enabled)
        {
            return;
        }

        var index = (int)code;
        var tags = new TagList { { "rpc.method", method }, { "rpc.grpc.status_code", (uint)index < BoxedCodes.Length ? BoxedCodes[index] : index } };
        Calls.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }
}
