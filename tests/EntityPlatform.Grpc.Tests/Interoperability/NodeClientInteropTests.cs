using EntityPlatform.Grpc.Tests.Support;
using Xunit.Abstractions;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>A real grpc-js client (interop/client.js) calls OUR server through every call kind.</summary>
public sealed class NodeClientInteropTests(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Grpc_js_client_passes_every_scenario_against_our_server()
    {
        var node = ExternalTools.Require("node");
        var interop = ExternalTools.InteropDirectory();

        using var client = ChildProcess.Start(node, [Path.Combine(interop, "client.js"), server.Port.ToString()], interop);
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(client.Output);

        Assert.True(exitCode == 0, $"grpc-js client failed (exit {exitCode}):\n{client.Output}");
        foreach (var scenario in new[]
                 {
                     "unary_with_metadata", "unary_zero_values", "error_with_non_ascii_message", "deadline_exceeded",
                     "unknown_method", "server_streaming", "server_streaming_error_after_messages", "client_streaming", "bidi_streaming",
                 })
        {
            Assert.Contains($"PASS {scenario}", client.Output);
        }
        Assert.Contains("ALL PASSED", client.Output);
    }
}
