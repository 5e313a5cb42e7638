using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using EntityPlatform.Grpc.Framing;

namespace EntityPlatform.Grpc.Client;

/// <summary>
/// The client side of one endpoint: a pooled HTTP/2 connection (one <see cref="SocketsHttpHandler"/>)
/// shared by every call, of every kind. Create one per endpoint and keep it; it is thread-safe.
/// <c>http://</c> addresses use h2c with prior knowledge, <c>https://</c> TLS with ALPN.
/// </summary>
public sealed partial class GrpcChannel : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _address;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);

    public GrpcChannel(Uri address, GrpcChannelOptions? options = null)
    {
        if (address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"A gRPC address must be http:// (h2c) or https:// (TLS), not '{address}'.", nameof(address));
        }
        _address = address;
        Options = options ?? new GrpcChannelOptions();
        _invoker = new HttpMessageInvoker(CreateHandler(Options), disposeHandler: true);
    }

    public GrpcChannelOptions Options { get; }

    public Uri Address => _address;

    public void Dispose() => _invoker.Dispose();

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = options.EnableMultipleHttp2Connections,
            // Keep the connection for the channel's life: reconnecting costs a handshake and a slow start.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            // Detect a dead peer on a quiet connection rather than waiting for a call to time out.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Larger than HTTP/2's 64 KiB default so streams of big messages are not throttled by WINDOW_UPDATE round trips.
            InitialHttp2StreamWindowSize = 1024 * 1024,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        if (options.RemoteCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }
        options.ConfigureHandler?.Invoke(handler);
        return handler;
    }

    private HttpRequestMessage CreateRequest(string path, in CallOptions options, HttpContent content)
    {
        var uri = _methodUris.GetOrAdd(path, static (p, address) => new Uri(address, p), _address);
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("TE", "trailers");
        headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        if (options.Timeout is { } timeout)
        {
            headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Format(timeout));
        }
        if (options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                headers.TryAddWithoutValidation(entry.Key, entry.Value);
            }
        }
        return request;
    }
}
