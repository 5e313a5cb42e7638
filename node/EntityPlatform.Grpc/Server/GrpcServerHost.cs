using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Grpc.Server;

/// <summary>
/// A self-contained gRPC server: Kestrel with HTTP/2 only, one endpoint, the registry's methods. The node
/// host, the tests and the benchmark all start servers this way.
/// </summary>
public sealed class GrpcServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcServerHost(WebApplication app, int port, bool tls)
    {
        _app = app;
        Port = port;
        Address = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}");
    }

    /// <summary>The bound port (useful when <see cref="GrpcServerHostOptions.Port"/> was 0).</summary>
    public int Port { get; }

    /// <summary>A URI a local client can use to reach this server.</summary>
    public Uri Address { get; }

    public static async Task<GrpcServerHost> StartAsync(GrpcServiceRegistry services, GrpcServerHostOptions? options = null)
    {
        options ??= new GrpcServerHostOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            GrpcKestrel.ApplyHttp2Limits(kestrel);
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        var app = builder.Build();
        app.UseGrpc(services, options.Grpc);
        await app.StartAsync().ConfigureAwait(false);
        var port = BoundPort(app);
        return new GrpcServerHost(app, port, options.Certificate is not null);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
    }
}
