using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Grpc.Server;

/// <summary>Where and how <see cref="GrpcServerHost"/> listens.</summary>
public sealed class GrpcServerHostOptions
{
    /// <summary>The address to bind; loopback by default so nothing is exposed unless asked for.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one (read it back from <see cref="GrpcServerHost.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>With a certificate the endpoint speaks TLS (HTTP/2 via ALPN); without, h2c (HTTP/2 with prior knowledge).</summary>
    public X509Certificate2? Certificate { get; init; }

    public GrpcServerOptions Grpc { get; init; } = new();

    /// <summary>Optional logging setup; by default the host logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
