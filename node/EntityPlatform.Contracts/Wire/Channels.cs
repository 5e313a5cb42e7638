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

    public static GrpcChannel Create(Uri address, ChannelSettings? settings = null)
    {
        settings ??= ChannelSettings.Default;
        if (address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"a gRPC address must be http:// (h2c) or https:// (TLS), not '{address}'", nameof(address));
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
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // Wrapped on purpose: given a bare SocketsHttpHandler, Grpc.Net.Client switches to its client-side
            // load-balancing path (subchannels, pickers), which costs per call and buys nothing for a channel
            // to one node; the SDK does its own routing.
            HttpHandler = new UserAgentHandler(settings.UserAgent ?? DefaultUserAgent, handler),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = settings.MaxMessageBytes,
            MaxSendMessageSize = settings.MaxMessageBytes,
            // Our servers never ask for retries; the SDK's own policy decides them (exactly-once sessions).
            MaxRetryAttempts = 0,
            ThrowOperationCanceledOnCancellation = false,
        });
    }

    /// <summary>Puts our user agent in front of grpc-dotnet's (and keeps the channel off the balancer path, see above).</summary>
    private sealed class UserAgentHandler(string userAgent, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("user-agent", userAgent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
