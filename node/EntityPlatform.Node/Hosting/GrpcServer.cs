using System.Net;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// A Kestrel server with Grpc.AspNetCore, set up the same way for the node and for tests: HTTP/2 limits
/// for many multiplexed streams, the message size limit of <see cref="WireLimits"/>, no detailed errors,
/// the <see cref="ApiInterceptor"/> (error mapping, metrics) and server reflection. Port 0 picks a free port.
/// </summary>
public sealed class GrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcServer(WebApplication app, IReadOnlyList<int> ports)
    {
        _app = app;
        Ports = ports;
    }

    /// <summary>The bound ports, in the order they were asked for.</summary>
    public IReadOnlyList<int> Ports { get; }

    public IServiceProvider Services => _app.Services;

    public Uri AddressOf(int index) => new($"http://127.0.0.1:{Ports[index]}/");

    /// <summary>The https:// address of a TLS port.</summary>
    public Uri SecureAddressOf(int index) => new($"https://127.0.0.1:{Ports[index]}/");

    /// <param name="listen">Each port to listen on (0: a free one) and its protocols (gRPC needs Http2).</param>
    /// <param name="services">Registers the service instances and anything else they need.</param>
    /// <param name="map">Maps the services; <paramref name="listen"/>'s actual ports are known only afterwards, so port-scoped mapping uses <see cref="PortScope"/>.</param>
    public static Task<GrpcServer> StartAsync(IPAddress bind, IReadOnlyList<(int Port, HttpProtocols Protocols)> listen,
        Action<IServiceCollection> services, Action<WebApplication> map, ILoggerFactory? logging = null) =>
        StartAsync(bind, listen.Select(entry => new ListenEndpoint(entry.Port, entry.Protocols)).ToList(), services, map, logging);

    /// <param name="listen">Each port to listen on (0: a free one), its protocols (gRPC needs Http2) and its TLS, if any.</param>
    public static async Task<GrpcServer> StartAsync(IPAddress bind, IReadOnlyList<ListenEndpoint> listen,
        Action<IServiceCollection> services, Action<WebApplication> map, ILoggerFactory? logging = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            ApplyHttp2Limits(kestrel);
            foreach (var endpoint in listen)
            {
                kestrel.Listen(bind, endpoint.Port, options =>
                {
                    options.Protocols = endpoint.Protocols;
                    endpoint.Tls?.ApplyTo(options);
                });
            }
        });
        if (listen.Any(endpoint => endpoint.Tls is not null))
        {
            // UseKestrelCore leaves HTTPS out to keep plaintext hosts small; a TLS port brings it in.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.Services.AddSingleton(logging ?? NullLoggerFactory.Instance);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<ApiInterceptor>();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = WireLimits.MaxMessageBytes;
            options.MaxSendMessageSize = WireLimits.MaxMessageBytes;
            // Exception text stays on the node (logged by the interceptor), never sent to callers.
            options.EnableDetailedErrors = false;
            options.IgnoreUnknownServices = false;
            options.Interceptors.Add<ApiInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        services(builder.Services);
        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<PortScope.Middleware>();
        map(app);
        await app.StartAsync().ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(address => new Uri(address).Port).ToList();
        // Kestrel reports addresses in the order the endpoints were configured.
        Invariant.Assert(bound.Count == listen.Count, "Kestrel bound every configured endpoint");
        return new GrpcServer(app, bound);
    }

    /// <summary>
    /// HTTP/2 limits for a multiplexed connection: callers share one connection per node, so the stream cap
    /// must exceed their concurrency (Kestrel's default is 100) and the flow-control windows must let many
    /// streams move data without waiting for WINDOW_UPDATEs. All stay bounded.
    /// </summary>
    public static void ApplyHttp2Limits(KestrelServerOptions options)
    {
        var http2 = options.Limits.Http2;
        http2.MaxStreamsPerConnection = 1000;
        http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
        http2.InitialStreamWindowSize = 1024 * 1024;
        http2.MaxRequestHeaderFieldSize = 64 * 1024;
        http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        options.AddServerHeader = false;
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(grace.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
