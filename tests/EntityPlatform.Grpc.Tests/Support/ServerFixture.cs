using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Server;

namespace EntityPlatform.Grpc.Tests.Support;

/// <summary>A real Kestrel h2c server on a free 127.0.0.1 port serving <see cref="InteropService"/>, plus a channel to it.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    /// <summary>Small on purpose, so the RESOURCE_EXHAUSTED tests need only small messages.</summary>
    public const int MaxReceiveMessageSizeBytes = 64 * 1024;

    private GrpcServerHost? _host;
    private GrpcChannel? _channel;

    public InteropService Service { get; } = new();

    public GrpcServerHost Host => _host ?? throw new InvalidOperationException("not started");

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var registry = Service.Register(new GrpcServiceRegistry());
        _host = await GrpcServerHost.StartAsync(registry, new GrpcServerHostOptions
        {
            Grpc = new GrpcServerOptions { MaxReceiveMessageSizeBytes = MaxReceiveMessageSizeBytes },
        });
        _channel = new GrpcChannel(_host.Address);
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
