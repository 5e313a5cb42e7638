using EntityPlatform.Node.Api;
using EntityPlatform.Node.Telemetry;

namespace EntityPlatform.Node.Tests.Telemetry;

/// <summary>Server spans are wired to OpenTelemetry only when traces are configured; by default nothing listens.</summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class NodeTelemetryTests
{
    [Fact]
    public void Without_an_exporter_nothing_listens_to_the_server_spans()
    {
        using var telemetry = new NodeTelemetry(nodeId: 7301, exportTraces: false);

        Assert.False(ApiTracing.Listened);
    }

    [Fact]
    public void With_an_exporter_the_server_spans_are_listened_to_until_disposed()
    {
        var telemetry = new NodeTelemetry(nodeId: 7302, exportTraces: true);
        Assert.True(ApiTracing.Listened);

        telemetry.Dispose();

        Assert.False(ApiTracing.Listened);
    }
}
