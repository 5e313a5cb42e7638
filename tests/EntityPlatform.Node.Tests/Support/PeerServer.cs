using System.Net;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EntityPlatform.Node.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 serving only PeerService, set up as the node sets up its servers.</summary>
internal static class PeerServer
{
    public static Task<GrpcServer> StartAsync(PeerServiceHandlers handlers, int port = 0) =>
        GrpcServer.StartAsync(IPAddress.Loopback, [(port, HttpProtocols.Http2)],
            services => services.AddSingleton(handlers),
            web => web.MapGrpcService<PeerServiceHandlers>());
}
