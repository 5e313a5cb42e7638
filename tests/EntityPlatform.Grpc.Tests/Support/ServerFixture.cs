using System.Net;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>
/// A real Kestrel h2c server on a free 127.0.0.1 port, set up as a node sets up its servers (GrpcServer:
/// limits, interceptor, reflection), serving <see cref="InteropService"/>, plus a channel to it.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    /// <summary>The server's and channels' message limit (WireLimits.MaxMessageBytes).</summary>
    public const int MaxReceiveMessageSizeBytes = WireLimits.MaxMessageBytes;

    private GrpcServer? _host;
    private GrpcChannel? _channel;

    public InteropService Service { get; } = new();

    public GrpcServer Host => _host ?? throw new InvalidOperationException("not started");

    public int Port => Host.Ports[0];

    public Uri Address => Host.AddressOf(0);

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public Interop.V1.InteropService.InteropServiceClient Client => new(Channel);

    public async Task InitializeAsync()
    {
        _host = await GrpcServer.StartAsync(IPAddress.Loopback, [(0, HttpProtocols.Http2)],
            services => services.AddSingleton(Service), web => web.MapGrpcService<InteropService>());
        _channel = Channels.Create(_host.AddressOf(0));
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
