using System.Net;
using Grpc.Net.Client;

namespace EntityPlatform.Contracts.Wire;

/// <summary>
/// Creates the gRPC channels of this project: one <see cref="SocketsHttpHandler"/> per channel with the
/// keepalive, timeout and window settings of <see cref="ChannelSettings"/>, and the message limits. Create
/// one channel per endpoint and keep it (see <see cref="ChannelPool"/>); it is thread-safe.
/// </summary>
public static class Channels
{
    private const string DefaultUserAgent = "entityplatform-dotnet";

    /// <summary>The SocketsHttpHandler property Grpc.Net.Client reads to leave load balancing off.</summary>
    internal const string LoadBalancingDisabledProperty = "__GrpcLoadBalancingDisabled";

    public static GrpcChannel Create(Uri address, ChannelSettings? settings = null)
    {
        settings ??= ChannelSettings.Default;
        if (address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"a gRPC address must be http:// (h2c) or https:// (TLS), not '{address}'", nameof(address));
        }

        if (address.Scheme == "https" && settings.Tls is null)
        {
            throw new ArgumentException($"an https:// address ('{address}') needs ChannelSettings.Tls: the CA bundle that the server's certificate must chain to", nameof(settings));
        }

        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = settings.EnableMultipleHttp2Connections,
            // Keep connections for the channel's life: reconnecting costs a handshake and a slow start.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = settings.KeepAlivePingDelay,
            KeepAlivePingTimeout = settings.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectTimeout = settings.ConnectTimeout,
            InitialHttp2StreamWindowSize = settings.InitialHttp2StreamWindowBytes,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        // Off Grpc.Net.Client's client-side load balancing: a channel goes to one node (the SDK routes by
        // itself), and with balancing on, every connection's stream is wrapped by the subchannel transport,
        // an extra async layer on every read and write (seen in the profile, docs/benchmarks.md). This is
        // Grpc.Net.Client's documented switch; wrapping the handler does not turn it off (the library looks
        // through DelegatingHandlers for the SocketsHttpHandler).
        handler.Properties[LoadBalancingDisabledProperty] = true;
        if (address.Scheme == "https")
        {
            handler.SslOptions = settings.Tls!.ToSslOptions();
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new UserAgentHandler(settings.UserAgent ?? DefaultUserAgent, handler),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = settings.MaxMessageBytes,
            MaxSendMessageSize = settings.MaxMessageBytes,
            // Our servers never ask for retries; the SDK's own policy decides them (exactly-once sessions).
            MaxRetryAttempts = 0,
            ThrowOperationCanceledOnCancellation = false,
        });
    }

    /// <summary>Puts our user agent in front of grpc-dotnet's.</summary>
    private sealed class UserAgentHandler(string userAgent, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("user-agent", userAgent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
