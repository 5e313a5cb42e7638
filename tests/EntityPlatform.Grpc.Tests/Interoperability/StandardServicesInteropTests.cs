using System.Net;
using EntityPlatform.Grpc.Tests.Support;
using EntityPlatform.Node.Hosting;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>
/// A plain grpc-js client (interop/standard.js) uses the standard services of our server setup: health
/// per service and server reflection, from the spec's .proto files alone.
/// </summary>
public sealed class StandardServicesInteropTests(ITestOutputHelper output)
{
    private const string Service = "interop.v1.InteropService";

    [Fact]
    public async Task Grpc_js_client_checks_health_and_lists_services_through_reflection()
    {
        var node = ExternalTools.Require("node");
        var interop = ExternalTools.InteropDirectory();
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        health.SetStatus(Service, HealthCheckResponse.Types.ServingStatus.Serving);
        await using var server = await GrpcServer.StartAsync(IPAddress.Loopback, [(0, HttpProtocols.Http2)],
            services => services.AddSingleton(new InteropService()).AddSingleton(health),
            web =>
            {
                web.MapGrpcService<InteropService>();
                web.MapGrpcService<HealthServiceImpl>();
                web.MapGrpcReflectionService();
            });

        using var client = ChildProcess.Start(node, [Path.Combine(interop, "standard.js"), server.Ports[0].ToString(), Service], interop);
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(client.Output);

        Assert.True(exitCode == 0, $"grpc-js client failed (exit {exitCode}):\n{client.Output}");
        foreach (var scenario in new[]
                 {
                     "health_serving", "health_whole_server", "health_unknown_service_is_not_found", "reflection_lists_services",
                     "reflection_describes_a_service",
                 })
        {
            Assert.Contains($"PASS {scenario}", client.Output);
        }
    }
}
