using EntityPlatform.Contracts.Wire;
using Grpc.Net.Client;
using EntityPlatform.Grpc.Tests.Support;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>Starts the grpc-js server (interop/server.js) on a free 127.0.0.1 port; kills it by PID afterwards.</summary>
public sealed class NodeServerFixture : IAsyncLifetime
{
    private ChildProcess? _process;

    public GrpcChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var node = ExternalTools.Require("node");
        var interop = ExternalTools.InteropDirectory();
        _process = ChildProcess.Start(node, [Path.Combine(interop, "server.js")], interop);
        var line = await _process.WaitForLineAsync(l => l.StartsWith("PORT ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Channel = Channels.Create(new Uri($"http://127.0.0.1:{int.Parse(line[5..])}"));
    }

    public Task DisposeAsync()
    {
        Channel?.Dispose();
        _process?.Dispose();
        return Task.CompletedTask;
    }
}
