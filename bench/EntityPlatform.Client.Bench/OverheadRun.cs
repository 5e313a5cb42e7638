using System.Diagnostics;

namespace EntityPlatform.Client.Bench;

/// <summary>The SDK's own cost per command (routing, session lane, Polly retry + breaker, metrics), over a transport that answers at once.</summary>
internal static class OverheadRun
{
    private static readonly byte[] Increment = """{"type":"increment","by":1}"""u8.ToArray();

    public static async Task<(double DirectUs, double SdkUs)> RunAsync(int calls)
    {
        using var transport = new InstantTransport();
        using var client = new EntityPlatformClient(new EntityPlatformClientOptions { Endpoints = [new Uri("http://127.0.0.1:1")], TopologyRefreshInterval = TimeSpan.Zero },
            transport, null, null, null, null);
        await client.ConnectAsync();
        var request = new Grpc.Api.V1.CommandRequest { EntityType = "counter", EntityId = "x", Payload = Google.Protobuf.ByteString.CopyFrom(Increment) };
        var endpoint = new Uri("http://127.0.0.1:1");
        for (var i = 0; i < calls / 10; i++)
        {
            await client.SendCommandAsync("counter", $"e{i % 64}", Increment);
        }

        var direct = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            await transport.CommandAsync(endpoint, request, default);
        }

        direct.Stop();
        var sdk = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            await client.SendCommandAsync("counter", $"e{i % 64}", Increment);
        }

        sdk.Stop();
        return (direct.Elapsed.TotalMicroseconds / calls, sdk.Elapsed.TotalMicroseconds / calls);
    }
}
